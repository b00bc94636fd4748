/**
 * How a message channel's sender appears on a page or in a log (issue 22): never the number in
 * clear. A phone keeps its country code and last two digits; a chat id its last two digits.
 */
export function maskAddress(channel: string, address: string): string {
  const digits = address.replace(/\D/g, '');
  const tail = digits.slice(-2).padStart(2, '•');
  if (channel === 'sms') return `${address.startsWith('+') ? '+' : ''}${digits.slice(0, 1)} ••• ••• •• ${tail}`;
  return `chat ••••${tail}`;
}

/** Phone-like runs of 10 or more digits (spaces, dashes, brackets allowed) inside a message's text, masked. */
export function maskPhonesInText(text: string): string {
  return text.replace(/\+?\d[\d\s()-]{8,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= 10 ? `${'•'.repeat(digits.length - 2)}${digits.slice(-2)}` : run;
  });
}
