package org.unveil.glob;

/**
 * How a node reaches its peers on the control network. Delivery is the transport's business: the node
 * hands what arrives to {@link GlobNode#receive}. Nothing here is assumed reliable; the node's transfer
 * protocol (Appendix 1, mark 2) and its state broadcasts repair losses.
 */
public interface Transport {
    /** One message to one peer. */
    void send(int to, Message message);

    /** One message to every other node the transport knows (the state broadcast, §12.3 step 1(f)). */
    void broadcast(Message message);
}
