using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Sip.Transactions;

/// <summary>The transaction user (the server core): what the transaction layer passes up.</summary>
internal interface ISipTransactionUser
{
    /// <summary>A new request (not a retransmission, not ACK or CANCEL); the user answers through the transaction. Must not block.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK no transaction absorbed: the ACK of a 2xx, which belongs to the dialog.</summary>
    void OnAck(SipRequest ack, ISipChannel channel);

    /// <summary>A 2xx to an INVITE was retransmitted for 64*T1 without an ACK.</summary>
    void OnAckTimeout(InviteServerTransaction transaction);
}
