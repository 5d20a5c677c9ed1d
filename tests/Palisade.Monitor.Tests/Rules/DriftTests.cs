using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests.Rules;

public sealed class DriftTests
{
    private static MonitorEvent Exec(string path, string container = "c1") =>
        new("execve", container, Path.GetFileName(path)) { ExePath = path, Argv = ["-x"], ParentName = "sh", Result = 0, TimeNs = 42 };

    private static MonitorEvent Connect(string ip, int port) =>
        new("connect", "c1", "curl") { ServerIp = ip, ServerPort = port, FdName = $"{ip}:{port}", Result = -111 };

    private static DriftRecording Recording(params MonitorEvent[] events)
    {
        var recorder = new DriftRecorder();
        foreach (var e in events)
        {
            recorder.Observe(e);
        }

        return recorder.Recording();
    }

    [Fact]
    public void RecordedProgramsAndConnectionsDoNotDrift()
    {
        var events = new[] { Exec("/usr/bin/dash"), Exec("/usr/bin/cat"), Connect("10.0.0.1", 443) };
        var detector = new DriftDetector(Recording(events));
        Assert.All(events, e => Assert.Null(detector.Check(e)));
        Assert.Null(detector.Check(new MonitorEvent("openat", "c1", "cat") { FdName = "/etc/passwd" }));
    }

    [Fact]
    public void NewProgramFiresOncePerContainerWithTheRightFields()
    {
        var detector = new DriftDetector(Recording(Exec("/usr/bin/dash")));
        var alert = detector.Check(Exec("/usr/bin/wget"));
        Assert.NotNull(alert);
        Assert.Equal(DriftDetector.RuleName, alert.Rule);
        Assert.Equal(RulePriority.Warning, alert.Priority);
        Assert.Equal(42, alert.TimeNs);
        Assert.Equal("program", alert.OutputFields["drift.kind"]);
        Assert.Equal("/usr/bin/wget", alert.OutputFields["proc.exepath"]);
        Assert.Equal("wget -x", alert.OutputFields["proc.cmdline"]);
        Assert.Equal("sh", alert.OutputFields["proc.pname"]);
        Assert.Equal("c1", alert.OutputFields["container.id"]);
        Assert.Contains("proc.exepath=/usr/bin/wget", alert.Output, StringComparison.Ordinal);
        Assert.Contains("drift", alert.Tags);
        Assert.Null(detector.Check(Exec("/usr/bin/wget")));
        Assert.NotNull(detector.Check(Exec("/usr/bin/wget", "c2")));
    }

    [Fact]
    public void NewConnectionFiresButAFailedExecDoesNot()
    {
        var detector = new DriftDetector(Recording(Connect("10.0.0.1", 443)));
        Assert.Null(detector.Check(Connect("10.0.0.1", 443)));
        var alert = detector.Check(Connect("10.0.0.1", 80));
        Assert.NotNull(alert);
        Assert.Equal("connection", alert.OutputFields["drift.kind"]);
        Assert.Equal("10.0.0.1:80", alert.OutputFields["fd.name"]);
        Assert.Null(detector.Check(Exec("/nonexistent") with { Result = -2 }));
    }

    [Fact]
    public void RecordingRoundTripsThroughJson()
    {
        var recording = Recording(Exec("/usr/bin/cat"), Exec("/usr/bin/dash"), Connect("169.254.169.254", 80));
        var json = recording.ToJson();
        Assert.Equal("""
            {
              "programs": [
                "/usr/bin/cat",
                "/usr/bin/dash"
              ],
              "connections": [
                "169.254.169.254:80"
              ]
            }

            """.ReplaceLineEndings("\n"), json);
        var back = DriftRecording.Parse(json, "r.json");
        Assert.True(back.Programs.SetEquals(recording.Programs));
        Assert.True(back.Connections.SetEquals(recording.Connections));
    }

    [Theory]
    [InlineData("{\"programs\": [1]}", "r.json: \"programs\" must be an array of strings")]
    [InlineData("[]", "r.json: a drift recording is a JSON object with \"programs\" and \"connections\"")]
    [InlineData("{\n  \"programs\": [\"/bin/sh\",,]\n}", "r.json:2:")]
    public void BadRecordingNamesTheFile(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => DriftRecording.Parse(json, "r.json"));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
