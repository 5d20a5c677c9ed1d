namespace Palisade.Core.Scanning;

/// <summary>Why a report could not be read; <see cref="Line"/> and <see cref="Column"/> are 1-based, 0 when unknown.</summary>
public sealed record ScanProblem(string Source, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}

/// <summary>A report, or the problem that stopped it being read.</summary>
public sealed record ScanReadResult(ScanReport? Report, ScanProblem? Problem);
