using System.Diagnostics;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor;

/// <summary>Evaluates the current rules on every event from the sink and writes alerts; rules can be swapped while running.</summary>
internal sealed class MonitorService(RuleSet rules, MonitorMetrics metrics, IReadOnlyList<TextWriter> outputs, bool json, DriftDetector? drift = null)
{
    private readonly Lock writeLock = new();
    private RuleSet current = rules;

    public MonitorMetrics Metrics { get; } = metrics;

    public RuleSet Rules
    {
        get => Volatile.Read(ref current);
        set => Volatile.Write(ref current, value);
    }

    public void OnEvent(MonitorEvent e)
    {
        Metrics.Events.WithLabels(e.Type).Inc();
        var started = Stopwatch.GetTimestamp();
        List<Alert>? alerts;
        try
        {
            alerts = Rules.Evaluate(e);
            if (drift?.Check(e) is { } driftAlert)
            {
                (alerts ??= []).Add(driftAlert);
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            Metrics.Malformed.Inc();
            return;
        }

        Metrics.RuleSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (alerts is null)
        {
            return;
        }

        foreach (var alert in alerts)
        {
            Metrics.Alerts.WithLabels(alert.Rule, AlertJson.Priority(alert.Priority)).Inc();
            var line = json ? AlertJson.Line(alert) : AlertJson.Text(alert);
            lock (writeLock)
            {
                foreach (var output in outputs)
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            }
        }
    }
}
