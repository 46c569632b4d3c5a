/**
 * IMDS's error pages (aws-behaviour.md §4.2): XHTML documents titled `<status> - <reason>`, in the template
 * real IMDS uses for its 404 (test/vectors/imds/e2e-golden/404_response.golden). SDKs look only at the
 * status; the bodies matter to people and scripts that print them.
 */
export type ImdsStatus = 400 | 401 | 403 | 404 | 405;

const REASONS: Readonly<Record<ImdsStatus, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

export function errorPage(status: ImdsStatus): string {
  const title = `${status} - ${REASONS[status]}`;
  return [
    '<?xml version="1.0" encoding="iso-8859-1"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
    '\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
    ' <head>',
    `  <title>${title}</title>`,
    ' </head>',
    ' <body>',
    `  <h1>${title}</h1>`,
    ' </body>',
    '</html>',
    '',
  ].join('\n');
}
