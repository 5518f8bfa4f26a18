// qrcode-terminal ships no types; this is the one function we use.
declare module 'qrcode-terminal' {
  interface QrcodeTerminal {
    generate(text: string, options: { small?: boolean }, callback: (qr: string) => void): void;
  }
  const qrcode: QrcodeTerminal;
  export default qrcode;
}
