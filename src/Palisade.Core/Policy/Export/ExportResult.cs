namespace Palisade.Core.Policy.Export;

/// <summary>
/// The outcome of an export: the files, what could not be expressed (<see cref="Losses"/>, exit 1), what the user
/// must still do (<see cref="Notes"/>), or why the export was refused (<see cref="Refusal"/>, exit 2).
/// </summary>
public sealed record ExportResult(IReadOnlyList<ExportFile> Files, IReadOnlyList<ExportLoss> Losses, IReadOnlyList<string> Notes)
{
    public string? Refusal { get; init; }

    public static ExportResult Refused(string why) => new([], [], []) { Refusal = why };
}
