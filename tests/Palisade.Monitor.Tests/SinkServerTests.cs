using Google.Protobuf;
using Palisade.Monitor.Points;

namespace Palisade.Monitor.Tests;

public sealed class SinkServerTests
{
    private static Open OpenOf(string path, int pid = 7) => new()
    {
        ContextData = new ContextData { ThreadGroupId = pid, ThreadId = pid, ContainerId = "c1", ProcessName = "cat", Credentials = new Credentials { EffectiveUid = 0 } },
        Exit = new Exit { Result = 3 },
        Sysno = 257,
        Pathname = path,
        Flags = 0,
    };

    [Fact]
    public async Task Handshake_ThenOpenOfShadow_DecodesEventAndFiresRule()
    {
        await using var sink = new SinkFixture();
        using var sandbox = await FakeSandbox.ConnectAsync(sink.SocketPath);
        await sandbox.SendAsync(MessageType.SyscallOpen, OpenOf("/etc/shadow"), dropped: 5);
        await SinkFixture.WaitForAsync(() => sink.AlertText.Contains("Read sensitive file", StringComparison.Ordinal));
        var e = Assert.Single(sink.Events);
        Assert.Equal(("openat", "/etc/shadow", "cat", "c1"), (e.Type, e.FdName, e.ProcessName, e.ContainerId));
        Assert.Equal(5, sink.Metrics.Dropped.Value);
        Assert.Contains("\"fd.name\":\"/etc/shadow\"", sink.AlertText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileMessages_AreCountedAndSkipped_AndTheConnectionKeepsWorking()
    {
        await using var sink = new SinkFixture();
        using var sandbox = await FakeSandbox.ConnectAsync(sink.SocketPath);
        await sandbox.SendRawAsync([8, 0, 7]); // truncated header
        await sandbox.SendRawAsync([200, 0, 7, 0, 0, 0, 0, 0, 1, 2]); // header size larger than the message
        await sandbox.SendRawAsync([4, 0, 7, 0, 0, 0, 0, 0]); // header size smaller than the header
        await sandbox.SendAsync(999, OpenOf("/etc/shadow")); // unknown type
        await sandbox.SendAsync(MessageType.SyscallOpen, [0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]); // garbage protobuf
        await sandbox.SendAsync(MessageType.SyscallOpen, OpenOf("/etc/passwd").ToByteArray(), headerSize: 16); // a newer, longer header
        await SinkFixture.WaitForAsync(() => !sink.Events.IsEmpty);
        Assert.Equal(4, sink.Metrics.Malformed.Value);
        Assert.Equal(1, sink.Metrics.Unknown.Value);
        Assert.Equal("/etc/passwd", Assert.Single(sink.Events).FdName);
    }

    [Fact]
    public async Task OversizedMessage_IsCountedAsMalformed()
    {
        await using var sink = new SinkFixture(new SinkOptions("unused") { MaxMessageBytes = 1024 });
        using var sandbox = await FakeSandbox.ConnectAsync(sink.SocketPath);
        await sandbox.SendAsync(MessageType.SyscallOpen, OpenOf(new string('a', 4000)));
        await sandbox.SendAsync(MessageType.SyscallOpen, OpenOf("/ok"));
        await SinkFixture.WaitForAsync(() => !sink.Events.IsEmpty);
        Assert.Equal(1, sink.Metrics.Malformed.Value);
        Assert.Equal("/ok", Assert.Single(sink.Events).FdName);
    }

    [Fact]
    public async Task SilentClientAndBadHandshake_AreDropped_WhileAnotherSandboxIsServed()
    {
        await using var sink = new SinkFixture(new SinkOptions("unused") { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
        using var silent = FakeSandbox.ConnectOnly(sink.SocketPath);
        using var garbage = FakeSandbox.ConnectOnly(sink.SocketPath);
        await garbage.SendRawAsync([0xff, 0xff, 0xff]);
        using var good = await FakeSandbox.ConnectAsync(sink.SocketPath);
        await good.SendAsync(MessageType.SyscallOpen, OpenOf("/etc/shadow"));
        await SinkFixture.WaitForAsync(() => !sink.Events.IsEmpty);
        Assert.True(await silent.ClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await garbage.ClosedByPeerAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, sink.Metrics.Rejected.Value);
    }

    [Fact]
    public async Task Burst_Of100000Messages_FromThreeSandboxes_AllArrive()
    {
        await using var sink = new SinkFixture(rulesYaml: "[]");
        var payload = OpenOf("/var/lib/data").ToByteArray();
        var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FakeSandbox.ConnectAsync(sink.SocketPath)));
        await SinkFixture.WaitForAsync(() => sink.Metrics.Connected.Value == 3);
        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            var count = i == 0 ? 33_334 : 33_333;
            for (var n = 0; n < count; n++)
            {
                await c.SendAsync(MessageType.SyscallOpen, payload);
            }
        }));
        await SinkFixture.WaitForAsync(() => sink.Events.Count == 100_000, TimeSpan.FromSeconds(60));
        Assert.Equal(100_000, sink.Metrics.Events.WithLabels("openat").Value);
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await SinkFixture.WaitForAsync(() => sink.Metrics.Connected.Value == 0);
    }
}
