/** Sends a reply to an observer on a message channel. */
export interface MessageSender {
  send(to: string, text: string): Promise<void>;
}

/** Development: replies go to the log only (with the recipient hashed), nothing leaves the server. */
export class LogMessageSender implements MessageSender {
  readonly sent: { to: string; text: string }[] = [];
  constructor(private readonly log: (entry: Record<string, unknown>, msg: string) => void = () => {}) {}
  async send(to: string, text: string): Promise<void> {
    this.sent.push({ to, text });
    this.log({ chars: text.length }, 'sms reply (log only)');
  }
}

export interface HttpGatewayOptions {
  /** The gateway's send URL, e.g. an Android SMS-gateway phone's `http://10.0.0.5:8080/send`. */
  url: string;
  /** Field names of the JSON body the gateway expects. */
  toField: string;
  textField: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  timeoutMs?: number;
}

/** Replies through an HTTP SMS gateway: one JSON POST per message. */
export class HttpGatewaySender implements MessageSender {
  constructor(private readonly options: HttpGatewayOptions) {}

  async send(to: string, text: string): Promise<void> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify({ [this.options.toField]: to, [this.options.textField]: text }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
