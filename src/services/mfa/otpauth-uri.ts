/**
 * The text IAM puts in `QRCodePNG` (aws-behaviour.md §2.5, from the IAM model's documentation):
 * `otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`, where AccountName is the user
 * name if the device is enabled and the account id otherwise. Nothing is percent-encoded: device and user
 * names are limited to `[\w+=,.@-]` by the model.
 */
export function otpauthUri(deviceName: string, accountName: string, base32Secret: string): string {
  return `otpauth://totp/${deviceName}@${accountName}?secret=${base32Secret}`;
}
