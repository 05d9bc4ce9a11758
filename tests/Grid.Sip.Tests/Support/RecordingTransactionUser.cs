using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Tests.Support;

/// <summary>A transaction user that keeps what the layer passed up.</summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser
{
    public List<ServerTransaction> Requests { get; } = [];

    public List<SipRequest> Acks { get; } = [];

    public List<InviteServerTransaction> AckTimeouts { get; } = [];

    public void OnRequest(ServerTransaction transaction) => Requests.Add(transaction);

    public void OnAck(SipRequest ack, ISipChannel channel) => Acks.Add(ack);

    public void OnAckTimeout(InviteServerTransaction transaction) => AckTimeouts.Add(transaction);
}
