using System.Text;
using System.Text.Json;

namespace Palisade.Core.Monitoring;

/// <summary>
/// What a recorded run of a workload did: the programs it executed (resolved paths, as gVisor reports them) and the
/// connections it attempted ("ip:port"). The drift rule compares live events with it.
/// </summary>
public sealed record DriftRecording(IReadOnlySet<string> Programs, IReadOnlySet<string> Connections)
{
    /// <summary>Reads a recording written by <see cref="ToJson"/>; a bad file raises <see cref="InvalidDataException"/> naming file, line and column.</summary>
    public static DriftRecording Parse(string json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{file}: a drift recording is a JSON object with \"programs\" and \"connections\"");
            }

            return new DriftRecording(Strings(document.RootElement, "programs", file), Strings(document.RootElement, "connections", file));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON");
        }
    }

    /// <summary>The recording as indented JSON, entries sorted (ordinal).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            Write(writer, "programs", Programs);
            Write(writer, "connections", Connections);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, string name, IReadOnlySet<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static HashSet<string> Strings(JsonElement root, string name, string file)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out var array))
        {
            return set;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{file}: \"{name}\" must be an array of strings");
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{file}: \"{name}\" must be an array of strings");
            }

            set.Add(item.GetString()!);
        }

        return set;
    }
}
