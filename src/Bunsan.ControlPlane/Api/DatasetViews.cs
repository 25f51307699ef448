using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bunsan.ControlPlane.Datasets;

namespace Bunsan.ControlPlane.Api;

/// <summary>`PUT /v1/datasets/{name}`: where the file is (a path on the site's machine), whose it is, and its usage policy.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DatasetRequest(string? Site, string? Owner, string? File, JsonElement? Policy);

/// <summary>A dataset as the catalog shows it: never rows, only where it is, whose it is, its shape and policy.</summary>
public sealed record DatasetView(
    string Name, string Site, string Owner, string File, string FileDigest, long Rows, ImmutableArray<DatasetColumn> Columns,
    JsonElement Policy, string PolicyDigest, bool Revoked, DateTimeOffset AddedAt, DateTimeOffset PolicyChangedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SiteSynced = null)
{
    public static DatasetView From(DatasetRecord record, bool? siteSynced = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        using JsonDocument policy = JsonDocument.Parse(record.PolicyJson);
        return new DatasetView(record.Name, record.Site, record.Owner, record.File, record.FileDigest, record.Rows, record.Columns,
            policy.RootElement.Clone(), record.PolicyDigest, record.Revoked, record.AddedAt, record.PolicyChangedAt, siteSynced);
    }
}
