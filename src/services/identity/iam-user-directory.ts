/** The MFA operations' view of IAM users (`services/mfa/user-directory.ts`), over the in-memory IamState. */
import { arnOf } from '../iam/iam-index.js';
import type { IamState } from '../iam/iam-state.js';
import type { DirectoryUser, UserDirectory } from '../mfa/user-directory.js';

export function iamUserDirectory(iam: IamState): UserDirectory {
  return {
    findUser: (account: string, userName: string): DirectoryUser | undefined => {
      const user = iam.index.byName('user', account, userName);
      return user === undefined ? undefined : { userName: user.name, userArn: arnOf(user), userId: user.id, createDateMs: user.createdMs };
    },
  };
}
