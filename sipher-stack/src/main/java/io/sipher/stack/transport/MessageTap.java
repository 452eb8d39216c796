package io.sipher.stack.transport;

import io.sipher.message.SipMessage;

/**
 * Sees every SIP message the transport layer reads or writes, decrypted (after TLS), with the flow
 * it crossed: for a softphone's {@code --trace}, a ladder diagram, or a HEP export. Called on the
 * network threads, in order per flow; it must be quick and must not throw.
 */
public interface MessageTap {
  MessageTap NONE =
      new MessageTap() {
        @Override
        public void received(SipMessage message, Flow flow) {}

        @Override
        public void sent(SipMessage message, Flow flow) {}
      };

  void received(SipMessage message, Flow flow);

  void sent(SipMessage message, Flow flow);
}
