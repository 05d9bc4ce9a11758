namespace Grid.Sip.Sip.Transport;

/// <summary>
/// What every transport does with one received message: parse it; answer a request that cannot be parsed but can be
/// answered (400/413/416/505/513 with the reason), drop what cannot; stamp the Via of a request; pass the rest on.
/// </summary>
internal static class SipInbound
{
    /// <summary>Processes one message; <paramref name="responseChannel"/> gives the channel responses to a request take.</summary>
    public static void Process(
        ReadOnlySpan<byte> data,
        System.Net.IPEndPoint source,
        string transport,
        SipTransportSettings settings,
        ISipMessageSink sink,
        Func<SipVia?, ISipChannel> responseChannel,
        ISipChannel responseSource)
    {
        var result = SipParser.Parse(data, settings.MaxMessageSize);
        if (result.Message is SipRequest request)
        {
            SipResponseRouting.StampVia(request, source);
            sink.OnRequest(request, responseChannel(request.TopVia));
            return;
        }

        if (result.Message is SipResponse response)
        {
            sink.OnResponse(response, responseSource);
            return;
        }

        if (result.Error == SipParseError.Empty)
        {
            return;
        }

        var answered = false;
        if (result.PartialRequest is { } partial && partial.Method != SipMethods.Ack)
        {
            // The Via may be the malformed part: then the answer goes to the packet's source.
            if (partial.TopVia is not null)
            {
                SipResponseRouting.StampVia(partial, source);
            }

            var answer = SipResponse.Create(partial, result.StatusCode, result.Reason);
            if (settings.ServerHeader is not null)
            {
                answer.Headers.Add(SipHeaderNames.Server, settings.ServerHeader);
            }

            answered = responseChannel(partial.TopVia).Send(answer);
        }

        sink.OnMalformed(result.Error, transport, answered);
    }
}
