/** A notice model that cannot be rendered as given (a bug in the caller, never a delivery problem). */
export class NoticeModelError extends Error {
  override readonly name = 'NoticeModelError';
  constructor(
    /** The model field at fault, e.g. `totalJpy`. */
    readonly field: string,
    message: string,
    /** The article of the terms the model would violate, e.g. `Art. 14`, where one applies. */
    readonly article: string | null = null,
  ) {
    super(`${field}: ${message}${article ? ` (${article})` : ''}`);
  }
}

/** Transport configuration that cannot work (bad URL, unknown option). Never carries a password. */
export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
}

/** A stored payload could not be opened (lost or wrong key, corrupt row). */
export class PayloadUnreadableError extends Error {
  override readonly name = 'PayloadUnreadableError';
  constructor(
    readonly noticeId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`notice ${noticeId}: ${message}`, options);
  }
}

/** A notice the outbox refuses to take (e.g. a channel it cannot send on). */
export class NoticeRejectedError extends Error {
  override readonly name = 'NoticeRejectedError';
}
