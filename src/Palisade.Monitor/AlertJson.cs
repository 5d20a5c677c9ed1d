using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor;

/// <summary>Alerts as one JSON object per line, in Falco's output shape.</summary>
internal static class AlertJson
{
    public static string Line(Alert alert)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", Time(alert.TimeNs));
            json.WriteString("rule", alert.Rule);
            json.WriteString("priority", Priority(alert.Priority));
            json.WriteString("source", "syscall");
            json.WriteString("output", alert.Output);
            json.WriteStartObject("output_fields");
            foreach (var (field, value) in alert.OutputFields)
            {
                if (value is null)
                {
                    json.WriteNull(field);
                }
                else
                {
                    json.WriteString(field, value);
                }
            }

            json.WriteEndObject();
            json.WriteStartArray("tags");
            foreach (var tag in alert.Tags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Text(Alert alert) => $"{Time(alert.TimeNs)} {Priority(alert.Priority)} {alert.Rule}: {alert.Output}";

    /// <summary>Falco's priority spelling in JSON output.</summary>
    public static string Priority(RulePriority priority) => priority.ToString();

    private static string Time(long ns)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).UtcDateTime;
        return time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + (ns % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }
}
