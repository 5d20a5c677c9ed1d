namespace Palisade.Core.Monitoring;

/// <summary>Collects the programs and connections of a run from its events, to make a <see cref="DriftRecording"/>. Thread-safe.</summary>
public sealed class DriftRecorder
{
    private readonly Lock gate = new();
    private readonly HashSet<string> programs = new(StringComparer.Ordinal);
    private readonly HashSet<string> connections = new(StringComparer.Ordinal);

    public void Observe(MonitorEvent e)
    {
        var (set, key) = DriftDetector.Key(e, programs, connections);
        if (key is null)
        {
            return;
        }

        lock (gate)
        {
            set.Add(key);
        }
    }

    public DriftRecording Recording()
    {
        lock (gate)
        {
            return new DriftRecording(new HashSet<string>(programs, StringComparer.Ordinal), new HashSet<string>(connections, StringComparer.Ordinal));
        }
    }
}
