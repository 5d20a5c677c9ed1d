using System.Text.Encodings.Web;
using System.Text.Json;

namespace Palisade.Core.Reports;

/// <summary>The one shape of every JSON report Palisade writes: indented, "\n" line ends, readable non-ASCII.</summary>
public static class ReportJson
{
    /// <summary>The shared options; reports never spell their own.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same for serialising objects and JSON nodes.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A writer on <paramref name="output"/> with <see cref="Options"/>.</summary>
    public static Utf8JsonWriter CreateWriter(Stream output) => new(output, Options);
}
