using System.Globalization;

namespace Palisade.Core.Manifests;

/// <summary>
/// How many nodes YAML aliases may still expand to: per file (all its documents together, so 250 small bombs in one
/// file cost what one does) and per load (all files together).
/// </summary>
internal sealed class AliasBudget(int perFile, AliasBudget.Run run)
{
    private readonly int fileLimit = perFile;
    private int fileLeft = perFile;

    public string Exhausted => run.Left < 0
        ? string.Create(CultureInfo.InvariantCulture, $"too many alias expansions in this run (over {run.Limit} nodes over all files)")
        : string.Create(CultureInfo.InvariantCulture, $"too many alias expansions (over {fileLimit} nodes in this file)");

    public bool TrySpend()
    {
        if (fileLeft < 0 || run.Left < 0)
        {
            return false;
        }

        fileLeft--;
        run.Left--;
        return fileLeft >= 0 && run.Left >= 0;
    }

    /// <summary>The budget of one load, shared by its files.</summary>
    internal sealed class Run(int limit)
    {
        public int Limit { get; } = limit;

        public int Left { get; set; } = limit;
    }
}
