// Texts of the auth pages in the three languages (keys prefixed "auth.").
const messages: Record<'pt-BR' | 'es' | 'en', Record<string, string>> = {
  'pt-BR': {
    'auth.field.email': 'E-mail',
    'auth.field.password': 'Senha',
    'auth.field.name': 'Nome',
    'auth.field.new_password': 'Nova senha',
    'auth.field.confirm_password': 'Repita a nova senha',

    'auth.login.title': 'Entrar',
    'auth.login.submit': 'Entrar',
    'auth.login.sending': 'Entrando…',
    'auth.login.failed':
      'E-mail ou senha não conferem. Se você acabou de criar a conta, confirme primeiro o seu e-mail pelo link que enviamos.',
    'auth.login.throttled': 'Muitas tentativas de entrar com este e-mail. Tente de novo {wait}.',
    'auth.login.forgot': 'Esqueci minha senha',
    'auth.login.no_account': 'Ainda não tem conta?',
    'auth.login.create': 'Criar uma conta',
    'auth.login.emailed_before':
      'Já falou com o suporte só por e-mail? Você já tem um cadastro: use “Esqueci minha senha” com o mesmo e-mail para criar a sua senha e ver todos os seus chamados.',
    'auth.login.sso': 'Entrar com a conta da empresa',
    'auth.login.already': 'Você já entrou como {name}.',
    'auth.login.continue': 'Continuar',
    'auth.login.not_you': 'Não é você? Sair',
    'auth.login.ended_all': 'Você saiu de todos os dispositivos. Entre de novo para continuar.',

    'auth.wait.seconds': 'em {n} segundos',
    'auth.wait.minutes': 'em {n} minutos',
    'auth.mail.throttled': 'Já enviamos muitos e-mails para este endereço. Tente de novo {wait}.',

    'auth.password.hint': 'Pelo menos {min} caracteres. Uma frase fácil de lembrar funciona bem.',
    'auth.password.too_short': 'A senha precisa ter pelo menos {min} caracteres.',
    'auth.password.too_long': 'A senha é longa demais. Use uma mais curta.',
    'auth.password.too_common':
      'Essa senha é comum ou fácil de adivinhar (como 1234567890 ou aaaaaaaaaa). Escolha outra.',
    'auth.password.like_identity': 'A senha não pode ser o seu nome nem o seu e-mail. Escolha outra.',

    'auth.error.email': 'Informe um endereço de e-mail válido, como nome@empresa.com.br.',
    'auth.error.name': 'Informe o seu nome.',
    'auth.error.current_password': 'A senha atual não confere.',
    'auth.error.confirm': 'As duas senhas não são iguais.',

    'auth.signup.title': 'Criar uma conta',
    'auth.signup.lead': 'Use o mesmo e-mail com que você fala com o suporte: assim você vê todos os seus chamados.',
    'auth.signup.submit': 'Criar conta',
    'auth.signup.sending': 'Enviando…',
    'auth.signup.have_account': 'Já tem conta?',
    'auth.signup.go_login': 'Entrar',
    'auth.signup.closed':
      'O cadastro pelo portal está desativado. Se você já falou com o suporte, use “Esqueci minha senha” para criar a sua senha.',
    'auth.signup.signed_in': 'Você já entrou como {name}.',
    'auth.signup.check_title': 'Confira o seu e-mail',
    'auth.signup.check_text': 'Enviamos uma mensagem para {email} com o próximo passo.',
    'auth.signup.check_more':
      'Abra o link da mensagem para ativar a conta; ele vale por tempo limitado. Se não encontrar, veja também a caixa de spam.',

    'auth.resend.title': 'Receber um novo link',
    'auth.resend.didnt_get': 'Não chegou nada?',
    'auth.resend.button': 'Enviar o e-mail de novo',
    'auth.resend.sending': 'Enviando…',
    'auth.resend.sent':
      'Se houver uma conta aguardando confirmação com este e-mail, enviamos um novo link. Ele pode pedir que você escolha a senha de novo.',

    'auth.verify.title': 'Confirmação do e-mail',
    'auth.verify.checking': 'Confirmando o seu e-mail…',
    'auth.verify.done': 'E-mail confirmado. Agora você já pode entrar.',
    'auth.verify.done_signed_in': 'E-mail confirmado. Você já está conectado.',
    'auth.verify.go_login': 'Entrar',
    'auth.verify.ask_again': 'Informe o seu e-mail para receber um novo link de confirmação.',
    'auth.verify.already': 'Já confirmou?',
    'auth.verify.retry': 'Tentar de novo',

    'auth.link.missing': 'O link está incompleto. Abra o link do e-mail novamente ou peça um novo.',
    'auth.link.expired': 'Este link expirou.',
    'auth.link.used': 'Este link já foi usado e não vale mais.',
    'auth.link.invalid': 'Este link não é válido ou já foi substituído por um mais novo.',

    'auth.forgot.title': 'Esqueci minha senha',
    'auth.forgot.lead': 'Informe o seu e-mail e enviaremos um link para você criar uma nova senha.',
    'auth.forgot.submit': 'Enviar link',
    'auth.forgot.sending': 'Enviando…',
    'auth.forgot.back': 'Voltar para entrar',
    'auth.forgot.first_password':
      'Nunca entrou no portal, mas já falou com o suporte por e-mail? Use este mesmo formulário para criar a sua primeira senha.',
    'auth.forgot.sent': 'Se {email} tiver cadastro conosco, enviamos um link para criar uma nova senha.',
    'auth.forgot.sent_more': 'O link vale por pouco tempo e só pode ser usado uma vez. Veja também a caixa de spam.',
    'auth.forgot.other_address': 'Usar outro e-mail',

    'auth.reset.title': 'Criar uma nova senha',
    'auth.reset.lead': 'Escolha a senha que você vai usar para entrar no portal.',
    'auth.reset.submit': 'Salvar senha',
    'auth.reset.done': 'Senha salva. Entre com a nova senha.',
    'auth.reset.ask_again': 'Pedir um novo link',
  },
  es: {
    'auth.field.email': 'Correo electrónico',
    'auth.field.password': 'Contraseña',
    'auth.field.name': 'Nombre',
    'auth.field.new_password': 'Nueva contraseña',
    'auth.field.confirm_password': 'Repite la nueva contraseña',

    'auth.login.title': 'Iniciar sesión',
    'auth.login.submit': 'Iniciar sesión',
    'auth.login.sending': 'Iniciando sesión…',
    'auth.login.failed':
      'El correo o la contraseña no coinciden. Si acabas de crear tu cuenta, primero confirma tu correo con el enlace que te enviamos.',
    'auth.login.throttled': 'Demasiados intentos con este correo. Inténtalo de nuevo {wait}.',
    'auth.login.forgot': 'Olvidé mi contraseña',
    'auth.login.no_account': '¿Todavía no tienes cuenta?',
    'auth.login.create': 'Crear una cuenta',
    'auth.login.emailed_before':
      '¿Ya escribiste a soporte solo por correo? Ya estás registrado: usa “Olvidé mi contraseña” con el mismo correo para crear tu contraseña y ver todos tus tickets.',
    'auth.login.sso': 'Iniciar sesión con la cuenta de la empresa',
    'auth.login.already': 'Ya iniciaste sesión como {name}.',
    'auth.login.continue': 'Continuar',
    'auth.login.not_you': '¿No eres tú? Cerrar sesión',
    'auth.login.ended_all': 'Cerraste sesión en todos los dispositivos. Inicia sesión de nuevo para continuar.',

    'auth.wait.seconds': 'en {n} segundos',
    'auth.wait.minutes': 'en {n} minutos',
    'auth.mail.throttled': 'Ya enviamos demasiados correos a esta dirección. Inténtalo de nuevo {wait}.',

    'auth.password.hint': 'Al menos {min} caracteres. Una frase fácil de recordar funciona bien.',
    'auth.password.too_short': 'La contraseña debe tener al menos {min} caracteres.',
    'auth.password.too_long': 'La contraseña es demasiado larga. Usa una más corta.',
    'auth.password.too_common':
      'Esa contraseña es común o fácil de adivinar (como 1234567890 o aaaaaaaaaa). Elige otra.',
    'auth.password.like_identity': 'La contraseña no puede ser tu nombre ni tu correo. Elige otra.',

    'auth.error.email': 'Escribe un correo electrónico válido, como nombre@empresa.com.',
    'auth.error.name': 'Escribe tu nombre.',
    'auth.error.current_password': 'La contraseña actual no es correcta.',
    'auth.error.confirm': 'Las dos contraseñas no coinciden.',

    'auth.signup.title': 'Crear una cuenta',
    'auth.signup.lead': 'Usa el mismo correo con el que escribes a soporte: así verás todos tus tickets.',
    'auth.signup.submit': 'Crear cuenta',
    'auth.signup.sending': 'Enviando…',
    'auth.signup.have_account': '¿Ya tienes cuenta?',
    'auth.signup.go_login': 'Iniciar sesión',
    'auth.signup.closed':
      'El registro en el portal está desactivado. Si ya escribiste a soporte, usa “Olvidé mi contraseña” para crear tu contraseña.',
    'auth.signup.signed_in': 'Ya iniciaste sesión como {name}.',
    'auth.signup.check_title': 'Revisa tu correo',
    'auth.signup.check_text': 'Enviamos un mensaje a {email} con el siguiente paso.',
    'auth.signup.check_more':
      'Abre el enlace del mensaje para activar tu cuenta; vale por tiempo limitado. Si no lo encuentras, revisa también la carpeta de spam.',

    'auth.resend.title': 'Recibir un nuevo enlace',
    'auth.resend.didnt_get': '¿No te llegó nada?',
    'auth.resend.button': 'Enviar el correo de nuevo',
    'auth.resend.sending': 'Enviando…',
    'auth.resend.sent':
      'Si hay una cuenta pendiente de confirmación con este correo, enviamos un nuevo enlace. Es posible que te pida elegir la contraseña otra vez.',

    'auth.verify.title': 'Confirmación del correo',
    'auth.verify.checking': 'Confirmando tu correo…',
    'auth.verify.done': 'Correo confirmado. Ya puedes iniciar sesión.',
    'auth.verify.done_signed_in': 'Correo confirmado. Ya iniciaste sesión.',
    'auth.verify.go_login': 'Iniciar sesión',
    'auth.verify.ask_again': 'Escribe tu correo para recibir un nuevo enlace de confirmación.',
    'auth.verify.already': '¿Ya lo confirmaste?',
    'auth.verify.retry': 'Intentar de nuevo',

    'auth.link.missing': 'El enlace está incompleto. Abre de nuevo el enlace del correo o pide uno nuevo.',
    'auth.link.expired': 'Este enlace venció.',
    'auth.link.used': 'Este enlace ya se usó y dejó de ser válido.',
    'auth.link.invalid': 'Este enlace no es válido o ya fue reemplazado por uno más reciente.',

    'auth.forgot.title': 'Olvidé mi contraseña',
    'auth.forgot.lead': 'Escribe tu correo y te enviaremos un enlace para crear una nueva contraseña.',
    'auth.forgot.submit': 'Enviar enlace',
    'auth.forgot.sending': 'Enviando…',
    'auth.forgot.back': 'Volver a iniciar sesión',
    'auth.forgot.first_password':
      '¿Nunca entraste al portal, pero ya escribiste a soporte por correo? Usa este mismo formulario para crear tu primera contraseña.',
    'auth.forgot.sent': 'Si {email} está registrado, te enviamos un enlace para crear una nueva contraseña.',
    'auth.forgot.sent_more': 'El enlace vale por poco tiempo y solo se puede usar una vez. Revisa también la carpeta de spam.',
    'auth.forgot.other_address': 'Usar otro correo',

    'auth.reset.title': 'Crear una nueva contraseña',
    'auth.reset.lead': 'Elige la contraseña que usarás para entrar al portal.',
    'auth.reset.submit': 'Guardar contraseña',
    'auth.reset.done': 'Contraseña guardada. Inicia sesión con la nueva contraseña.',
    'auth.reset.ask_again': 'Pedir un nuevo enlace',
  },
  en: {
    'auth.field.email': 'Email',
    'auth.field.password': 'Password',
    'auth.field.name': 'Name',
    'auth.field.new_password': 'New password',
    'auth.field.confirm_password': 'Repeat the new password',

    'auth.login.title': 'Log in',
    'auth.login.submit': 'Log in',
    'auth.login.sending': 'Logging in…',
    'auth.login.failed':
      "The email or password doesn't match. If you just created your account, confirm your email first with the link we sent you.",
    'auth.login.throttled': 'Too many attempts with this email. Try again {wait}.',
    'auth.login.forgot': 'Forgot my password',
    'auth.login.no_account': "Don't have an account yet?",
    'auth.login.create': 'Create an account',
    'auth.login.emailed_before':
      'Only ever contacted support by email? You already have an account: use “Forgot my password” with the same email to set your password and see all your tickets.',
    'auth.login.sso': 'Log in with your company account',
    'auth.login.already': "You're already logged in as {name}.",
    'auth.login.continue': 'Continue',
    'auth.login.not_you': 'Not you? Log out',
    'auth.login.ended_all': "You've been logged out on every device. Log in again to continue.",

    'auth.wait.seconds': 'in {n} seconds',
    'auth.wait.minutes': 'in {n} minutes',
    'auth.mail.throttled': "We've already sent too many emails to this address. Try again {wait}.",

    'auth.password.hint': 'At least {min} characters. An easy-to-remember phrase works well.',
    'auth.password.too_short': 'The password must be at least {min} characters long.',
    'auth.password.too_long': 'The password is too long. Use a shorter one.',
    'auth.password.too_common': 'That password is common or easy to guess (like 1234567890 or aaaaaaaaaa). Choose another.',
    'auth.password.like_identity': "The password can't be your name or your email. Choose another.",

    'auth.error.email': 'Enter a valid email address, like name@company.com.',
    'auth.error.name': 'Enter your name.',
    'auth.error.current_password': 'The current password is wrong.',
    'auth.error.confirm': "The two passwords don't match.",

    'auth.signup.title': 'Create an account',
    'auth.signup.lead': 'Use the same email you use to contact support, so you see all your tickets.',
    'auth.signup.submit': 'Create account',
    'auth.signup.sending': 'Sending…',
    'auth.signup.have_account': 'Already have an account?',
    'auth.signup.go_login': 'Log in',
    'auth.signup.closed':
      'Sign-up through the portal is turned off. If you have contacted support before, use “Forgot my password” to set your password.',
    'auth.signup.signed_in': "You're already logged in as {name}.",
    'auth.signup.check_title': 'Check your email',
    'auth.signup.check_text': 'We sent a message to {email} with the next step.',
    'auth.signup.check_more': 'Open the link in it to activate your account; it only works for a limited time. If you cannot find it, check your spam folder too.',

    'auth.resend.title': 'Get a new link',
    'auth.resend.didnt_get': "Didn't get anything?",
    'auth.resend.button': 'Send the email again',
    'auth.resend.sending': 'Sending…',
    'auth.resend.sent':
      'If an account with this email is waiting for confirmation, we sent a new link. It may ask you to choose your password again.',

    'auth.verify.title': 'Email confirmation',
    'auth.verify.checking': 'Confirming your email…',
    'auth.verify.done': 'Email confirmed. You can log in now.',
    'auth.verify.done_signed_in': "Email confirmed. You're logged in.",
    'auth.verify.go_login': 'Log in',
    'auth.verify.ask_again': 'Enter your email to get a new confirmation link.',
    'auth.verify.already': 'Already confirmed?',
    'auth.verify.retry': 'Try again',

    'auth.link.missing': 'The link is incomplete. Open the link in the email again, or ask for a new one.',
    'auth.link.expired': 'This link has expired.',
    'auth.link.used': 'This link has already been used and no longer works.',
    'auth.link.invalid': 'This link is not valid, or a newer one replaced it.',

    'auth.forgot.title': 'Forgot my password',
    'auth.forgot.lead': "Enter your email and we'll send you a link to set a new password.",
    'auth.forgot.submit': 'Send link',
    'auth.forgot.sending': 'Sending…',
    'auth.forgot.back': 'Back to log in',
    'auth.forgot.first_password':
      'Never logged in to the portal, but contacted support by email? Use this same form to set your first password.',
    'auth.forgot.sent': 'If {email} has an account with us, we sent it a link to set a new password.',
    'auth.forgot.sent_more': 'The link works for a short time and only once. Check your spam folder too.',
    'auth.forgot.other_address': 'Use another email',

    'auth.reset.title': 'Set a new password',
    'auth.reset.lead': "Choose the password you'll use to log in to the portal.",
    'auth.reset.submit': 'Save password',
    'auth.reset.done': 'Password saved. Log in with your new password.',
    'auth.reset.ask_again': 'Ask for a new link',
  },
};
export default messages;
