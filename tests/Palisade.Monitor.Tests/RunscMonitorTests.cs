using System.Text.Json;

namespace Palisade.Monitor.Tests;

/// <summary>End to end: the real runsc streams a workload's trace points to the sink and the default rules fire.</summary>
[Collection(RealRunsc.Name)]
public sealed class RunscMonitorTests
{
    private const string Attack = """
        cat /etc/shadow >/dev/null
        /bin/sh -c true
        echo x > /etc/palisade-monitor-test
        cp /bin/true /tmp/dropped && /tmp/dropped
        /usr/bin/perl -e 'use Socket; socket(S, PF_INET, SOCK_STREAM, 0); connect(S, sockaddr_in(80, inet_aton("169.254.169.254")))' || true
        """;

    [Fact]
    public async Task AttackWorkload_UnderRunsc_StreamsEventsAndFiresEachRuleOnce()
    {
        await using var sink = new SinkFixture();
        var (code, output) = await RunscSandbox.RunAsync(sink.SocketPath, traced: true, "/bin/sh", "-c", Attack);
        Assert.True(code == 0, output);
        await SinkFixture.WaitForAsync(() => sink.AlertText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 5);
        await Task.Delay(500);

        var events = sink.Events.ToArray();
        Assert.Contains(events, e => e.Type == "container_start" && e.ContainerId.Length > 0);
        Assert.Contains(events, e => e.Type == "execve" && e.ExePath == "/usr/bin/cat" && e.Argv.SequenceEqual(["/etc/shadow"]) && e.ParentName == "sh");
        Assert.Contains(events, e => e.Type == "openat" && e.FdName == "/etc/shadow" && e.ProcessName == "cat");

        var alerts = sink.AlertText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var rules = alerts.Select(a => a.GetProperty("rule").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[] { "Contact cloud metadata service", "Execution from a temporary directory", "Read sensitive file", "Shell spawned in a container", "Write below etc or usr" },
            rules);
        var read = alerts.Single(a => a.GetProperty("rule").GetString() == "Read sensitive file");
        Assert.Equal("/etc/shadow", read.GetProperty("output_fields").GetProperty("fd.name").GetString());
        Assert.Equal("Warning", read.GetProperty("priority").GetString());
        var metadata = alerts.Single(a => a.GetProperty("rule").GetString() == "Contact cloud metadata service");
        Assert.Equal("169.254.169.254:80", metadata.GetProperty("output_fields").GetProperty("fd.name").GetString());
        var write = alerts.Single(a => a.GetProperty("rule").GetString() == "Write below etc or usr");
        Assert.Equal("/etc/palisade-monitor-test", write.GetProperty("output_fields").GetProperty("fd.name").GetString());
        var tmp = alerts.Single(a => a.GetProperty("rule").GetString() == "Execution from a temporary directory");
        Assert.Equal("/tmp/dropped", tmp.GetProperty("output_fields").GetProperty("proc.exepath").GetString());
    }

    [Fact]
    public async Task BenignWorkload_UnderRunsc_FiresNothing()
    {
        await using var sink = new SinkFixture();
        var (code, output) = await RunscSandbox.RunAsync(sink.SocketPath, traced: true, "/bin/sh", "-c", "cat /etc/hostname >/dev/null; /bin/true");
        Assert.True(code == 0, output);
        await SinkFixture.WaitForAsync(() => sink.Events.Any(e => e.Type == "execve" && e.ExePath == "/usr/bin/true"));
        await Task.Delay(500);
        Assert.Equal("", sink.AlertText);
        Assert.Equal(0, sink.Metrics.Malformed.Value + sink.Metrics.Unknown.Value);
    }
}
