using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Datasets;

/// <summary>One column of a dataset as its site's DuckDB typed it.</summary>
[GenerateSerializer, Alias("bunsan.dataset-column")]
public sealed record DatasetColumn([property: Id(0)] string Name, [property: Id(1)] string Type);

/// <summary>
/// A dataset as the catalog knows it: where it lives, whose it is, its usage policy and its shape. Never rows — the
/// rows stay in the owner's site's DuckDB; the catalog holds what the site reported when it loaded the file.
/// </summary>
[GenerateSerializer, Alias("bunsan.dataset")]
public sealed record DatasetRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string Site,
    [property: Id(2)] string Owner,
    [property: Id(3)] string File,
    [property: Id(4)] string FileDigest,
    [property: Id(5)] ImmutableArray<DatasetColumn> Columns,
    [property: Id(6)] long Rows,
    [property: Id(7)] string PolicyJson,
    [property: Id(8)] string PolicyDigest,
    [property: Id(9)] bool Revoked,
    [property: Id(10)] DateTimeOffset AddedAt,
    [property: Id(11)] DateTimeOffset PolicyChangedAt);
