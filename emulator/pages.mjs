// The bare HTML pages a web server or gateway sends when the API itself
// never got to answer.

import { STATUS_CODES } from 'node:http'

export const HTML_TYPE = 'text/html; charset=utf-8'

export function htmlPage(status) {
  const heading = `${status} ${STATUS_CODES[status] ?? 'Error'}`
  return (
    `<html>\r\n<head><title>${heading}</title></head>\r\n<body>\r\n` +
    `<center><h1>${heading}</h1></center>\r\n<hr><center>emulator</center>` +
    `\r\n</body>\r\n</html>\r\n`
  )
}

/** An answer (see index.mjs) made of such a page. */
export function htmlAnswer(status) {
  return { status, text: htmlPage(status), contentType: HTML_TYPE }
}
