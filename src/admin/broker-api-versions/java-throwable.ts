// The exceptions this tool reports the way the JVM writes them: Throwable#toString is the class
// name, then ": message" when there is one. A broker that could not be asked prints it after
// "ERROR: "; one that escapes main is printed as `Exception in thread "main" ...` by the CLI.

export class JavaThrowable extends Error {
  constructor(
    readonly javaClass: string,
    message: string | null,
  ) {
    super(message ?? '');
    this.hasMessage = message !== null;
  }

  private readonly hasMessage: boolean;

  /** Back from Throwable#toString text ("class" or "class: message"). */
  static fromText(text: string): JavaThrowable {
    const colon = text.indexOf(': ');
    return colon < 0 ? new JavaThrowable(text, null) : new JavaThrowable(text.slice(0, colon), text.slice(colon + 2));
  }

  override toString(): string {
    return this.hasMessage ? `${this.javaClass}: ${this.message}` : this.javaClass;
  }
}

const ERRORS = 'org.apache.kafka.common.errors.';

export const configException = (message: string) => new JavaThrowable('org.apache.kafka.common.config.ConfigException', message);
export const runtimeException = (message: string) => new JavaThrowable('java.lang.RuntimeException', message);
/** ConsumerNetworkClient's answer for a request whose connection failed or was cut (DisconnectException.INSTANCE, no message). */
export const disconnectException = () => new JavaThrowable(`${ERRORS}DisconnectException`, null);
export const timeoutException = (message: string) => new JavaThrowable(`${ERRORS}TimeoutException`, message);
