// Sign up, log in, forgot/reset password, e-mail verification (docs/accounts.md): the pages
// the router imports. Rules without a DOM live in logic.ts (unit-tested).
export { Login } from './login';
export { Signup } from './signup';
export { ForgotPassword } from './forgot';
export { ResetPassword } from './reset';
export { VerifyEmail } from './verify';
