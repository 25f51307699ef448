namespace Bunsan.ControlPlane.Catalogs;

/// <summary>The persisted names of a <see cref="NameListGrain"/>.</summary>
[GenerateSerializer, Alias("bunsan.name-list-state")]
public sealed class NameListState
{
    [Id(0)]
    public HashSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}
