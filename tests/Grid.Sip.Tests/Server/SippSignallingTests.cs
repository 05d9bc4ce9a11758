using Grid.Development.Sip;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Server;

/// <summary>SIPp, the independent client, against the server: the answers that need no media.</summary>
public sealed class SippSignallingTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Options_ping_is_answered(string transport)
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync("options.xml", Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Unknown_source_gets_403_and_nothing_is_recorded(string transport)
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.Route = _ => null;

        var result = await SippRunner.RunAsync("unknown_source.xml", Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(transport, Assert.Single(server.Backend.Origins).Transport);
        Assert.Empty(server.Backend.Starts);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Plain_invite_without_metadata_gets_415(string transport)
    {
        await using var server = await TestServer.StartAsync();

        var result = await SippRunner.RunAsync("plain_invite.xml", Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(server.Backend.Starts);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Cancel_before_the_answer_gets_487_and_nothing_is_recorded(string transport)
    {
        await using var server = await TestServer.StartAsync();
        server.Backend.RouteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var result = await SippRunner.RunAsync("cancel.xml", Target(server, transport), transport);

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(await server.Backend.RouteCancelled.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty(server.Backend.Starts);
        await Eventually.TrueAsync(() => server.Meters.Sum("grid.sip.sessions.refused", "cause=cancelled") == 1, "the cancel is counted");
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task At_the_session_limit_an_invite_gets_503_with_retry_after(string transport)
    {
        await using var server = await TestServer.StartAsync(o => o.MaxSessions = 1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Backend.RouteGate = gate;
        server.Backend.Route = _ => null;
        await using var holder = SipTestClient.Udp(server.Udp);
        await holder.SendAsync(holder.Request("INVITE", "z9hG4bK-holder", "holder@test", 1, contentType: "application/sdp", body: "v=0"));
        await server.Backend.RouteEntered.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var result = await SippRunner.RunAsync("session_limit.xml", Target(server, transport), transport);
        gate.SetResult();

        Assert.True(result.Succeeded, result.ToString());
        Assert.Single(server.Backend.Origins);
        Assert.Equal(1, server.Meters.Sum("grid.sip.sessions.refused", "cause=session-limit"));
    }

    internal static System.Net.IPEndPoint Target(TestServer server, string transport) => transport == "tcp" ? server.Tcp : server.Udp;
}
