using System.Text.Json;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests;

/// <summary>End to end: record a workload under the real runsc, then the drift rule compares later runs with the recording.</summary>
[Collection(RealRunsc.Name)]
public sealed class RunscDriftTests
{
    private const string Workload = "cat /etc/hostname >/dev/null; /bin/true";

    private static async Task<SinkFixture> RunAsync(string script, DriftDetector? drift)
    {
        var sink = new SinkFixture(drift: drift);
        var (code, output) = await RunscSandbox.RunAsync(sink.SocketPath, traced: true, "/bin/sh", "-c", script);
        Assert.True(code == 0, output);
        await SinkFixture.WaitForAsync(() => sink.Events.Any(e => e.Type == "execve" && e.ExePath == "/usr/bin/true"));
        await Task.Delay(500);
        return sink;
    }

    [Fact]
    public async Task RecordedWorkload_HasNoDrift_AndAnExtraProgramFiresDriftOnce()
    {
        var recorder = new DriftRecorder();
        await using (var recording = await RunAsync(Workload, drift: null))
        {
            foreach (var e in recording.Events)
            {
                recorder.Observe(e);
            }
        }

        var recorded = DriftRecording.Parse(recorder.Recording().ToJson(), "recording.json");
        Assert.Contains("/usr/bin/cat", recorded.Programs);
        Assert.Contains("/usr/bin/true", recorded.Programs);

        await using (var same = await RunAsync(Workload, new DriftDetector(recorded)))
        {
            Assert.Equal("", same.AlertText);
        }

        await using var variant = await RunAsync("cat /etc/hostname >/dev/null; id >/dev/null; id -u >/dev/null; /bin/true", new DriftDetector(recorded));
        var alert = JsonDocument.Parse(Assert.Single(variant.AlertText.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(DriftDetector.RuleName, alert.GetProperty("rule").GetString());
        Assert.Equal("Warning", alert.GetProperty("priority").GetString());
        var fields = alert.GetProperty("output_fields");
        Assert.Equal("program", fields.GetProperty("drift.kind").GetString());
        Assert.Equal("/usr/bin/id", fields.GetProperty("proc.exepath").GetString());
        Assert.Equal("id", fields.GetProperty("proc.cmdline").GetString());
        Assert.Equal("sh", fields.GetProperty("proc.pname").GetString());
        Assert.False(string.IsNullOrEmpty(fields.GetProperty("container.id").GetString()));
    }
}
