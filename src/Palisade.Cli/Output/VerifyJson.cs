using System.Text.Json;

namespace Palisade.Cli.Output;

/// <summary>JSON settings for <c>node verify --format json</c>: camelCase, indented.</summary>
internal static class VerifyJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
