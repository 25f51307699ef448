using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunsan.ControlPlane.Tests.Api;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;
using Bunsan.Protocol.V1;

namespace Bunsan.ControlPlane.Tests.Ledger;

/// <summary>`/v1/ledger` on a real server: control-plane events become entries whose proofs verify against the signed checkpoint.</summary>
public sealed class LedgerApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeployAndRemove_AppearInTheLog_WithInclusionAndConsistencyProofsThatVerify()
    {
        NoteVerifierKey key = await LedgerReader.Key(fixture.Admin, Cancel);
        Checkpoint before = await LedgerReader.Checkpoint(fixture.Admin, key, Cancel);
        string name = Samples.UniqueId("ledger-fn");

        string digest = await Upload();
        using (HttpResponseMessage deployed = await fixture.Admin.PutAsJsonAsync($"/v1/functions/{name}", new { module_digest = digest, @class = "batch", min_replicas = 1, max_replicas = 2 }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, deployed.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Admin.DeleteAsync($"/v1/functions/{name}", Cancel)).StatusCode);

        Checkpoint after = await LedgerReader.Checkpoint(fixture.Admin, key, Cancel);
        Assert.StartsWith("bunsan/", after.Origin, StringComparison.Ordinal);
        var entries = await LedgerReader.Entries(fixture.Admin, before.Size, after.Size, Cancel);
        var deploy = entries.Single(e => Kind(e.Entry) == "function.deployed" && Fact(e.Entry, "function") == name);
        Assert.Equal(digest, Fact(deploy.Entry, "module_digest"));
        Assert.Equal("batch", Fact(deploy.Entry, "class"));
        Assert.Equal(2, deploy.Entry.GetProperty("max_replicas").GetInt32());
        var removal = entries.Single(e => Kind(e.Entry) == "function.removed" && Fact(e.Entry, "function") == name);
        Assert.True(removal.Index > deploy.Index);

        foreach (var (index, bytes, _) in new[] { deploy, removal })
        {
            byte[][] proof = await LedgerReader.Proof(fixture.Admin, Query("/v1/ledger/proof/inclusion", "index", index, "size", after.Size), Cancel);
            ProofResult included = MerkleVerifier.VerifyInclusion(index, after.Size, MerkleHash.Leaf(bytes), proof, after.RootHash);
            Assert.True(included.Valid, included.Reason);
        }
        if (before.Size > 0)
        {
            byte[][] consistency = await LedgerReader.Proof(fixture.Admin, Query("/v1/ledger/proof/consistency", "from", before.Size, "to", after.Size), Cancel);
            ProofResult consistent = MerkleVerifier.VerifyConsistency(before.Size, after.Size, before.RootHash, after.RootHash, consistency);
            Assert.True(consistent.Valid, consistent.Reason);
        }
    }

    [Fact]
    public async Task SiteJoins_AreLoggedWhenNewOrChanged_NotOnEveryReRegistration_AndLeavesToo()
    {
        NoteVerifierKey key = await LedgerReader.Key(fixture.Admin, Cancel);
        ulong from = (await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Size;
        string site = Samples.UniqueId("ledger-edge");
        SiteDescription description = WireSamples.Site(site, 34.693737, 135.502165, "osaka");

        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = description }, fixture.JoinHeaders, cancellationToken: Cancel);
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = description }, fixture.JoinHeaders, cancellationToken: Cancel);
        description.Cores = 16;
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = description }, fixture.JoinHeaders, cancellationToken: Cancel);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Admin.DeleteAsync($"/v1/sites/{site}", Cancel)).StatusCode);

        ulong to = (await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Size;
        var mine = (await LedgerReader.Entries(fixture.Admin, from, to, Cancel)).Where(e => Fact(e.Entry, "site") == site).ToList();
        Assert.Equal(["site.joined", "site.joined", "site.left"], mine.Select(e => Kind(e.Entry)));
        Assert.Equal(34_693_737, mine[0].Entry.GetProperty("lat_microdeg").GetInt64());
        Assert.False(mine[0].Entry.GetProperty("rejoined").GetBoolean());
        Assert.True(mine[1].Entry.GetProperty("rejoined").GetBoolean());
        Assert.Equal("JP", Fact(mine[0].Entry, "jurisdiction"));
    }

    [Fact]
    public async Task Placement_OfADeployedFunctionOnASite_IsLoggedWithThePlanVersion()
    {
        NoteVerifierKey key = await LedgerReader.Key(fixture.Admin, Cancel);
        ulong from = (await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Size;
        string site = Samples.UniqueId("ledger-place");
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(site, 35.68, 139.69, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = site, Utilisation = 0.1 }, fixture.JoinHeaders, cancellationToken: Cancel);
        string name = Samples.UniqueId("ledger-placed");
        using (HttpResponseMessage deployed = await fixture.Admin.PutAsJsonAsync($"/v1/functions/{name}", new { module_digest = await Upload(), @class = "interactive" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, deployed.StatusCode);
        }

        ulong to = (await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Size;
        var placed = (await LedgerReader.Entries(fixture.Admin, from, to, Cancel))
            .Where(e => Kind(e.Entry) == "placement.changed" && Fact(e.Entry, "function") == name).ToList();
        Assert.NotEmpty(placed);
        Assert.Contains(site, placed[^1].Entry.GetProperty("replicas").EnumerateArray().Select(r => r.GetString()));
        Assert.True(placed[^1].Entry.GetProperty("plan_version").GetInt64() > 0);
    }

    [Fact]
    public async Task JoinToken_ReadsTheLedger_AnonymousDoesNot()
    {
        using HttpClient join = fixture.Client(fixture.JoinToken);
        NoteVerifierKey key = await LedgerReader.Key(join, Cancel);
        Assert.Equal((await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Origin, key.Name);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/v1/ledger/checkpoint", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("/v1/ledger/entries", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("/v1/ledger/entries?from=-1", "from")]
    [InlineData("/v1/ledger/entries?from=0&to=1e3", "to")]
    [InlineData("/v1/ledger/entries?from=0&to=99999999999999999999999", "to")]
    [InlineData("/v1/ledger/entries?from=0&to=18446744073709551615", "from, to")]
    [InlineData("/v1/ledger/entries?from=5&to=1", "from, to")]
    [InlineData("/v1/ledger/proof/inclusion?size=1", "index is missing")]
    [InlineData("/v1/ledger/proof/inclusion?index=0", "size is missing")]
    [InlineData("/v1/ledger/proof/inclusion?index=0x1&size=1", "index")]
    [InlineData("/v1/ledger/proof/inclusion?index=%2B1&size=1", "index")]
    [InlineData("/v1/ledger/proof/inclusion?index=0&size=18446744073709551615", "index, size")]
    [InlineData("/v1/ledger/proof/inclusion?index=18446744073709551615&size=1", "index, size")]
    [InlineData("/v1/ledger/proof/consistency?from=0&to=1", "from, to")]
    [InlineData("/v1/ledger/proof/consistency?from=2&to=1", "from, to")]
    [InlineData("/v1/ledger/proof/consistency?from=%00&to=1", "from")]
    [InlineData("/v1/ledger/proof/consistency?from=1", "to is missing")]
    public async Task HostileParameters_Are400NamingTheParameter(string path, string named)
    {
        // At least one entry, so that size=1 is a real tree and only the parameter under test is wrong.
        await EnsureEntries(2);

        using HttpResponseMessage response = await fixture.Admin.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string reason = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("reason").GetString()!;
        Assert.StartsWith(named, reason, StringComparison.Ordinal);
    }

    private async Task EnsureEntries(ulong count)
    {
        NoteVerifierKey key = await LedgerReader.Key(fixture.Admin, Cancel);
        while ((await LedgerReader.Checkpoint(fixture.Admin, key, Cancel)).Size < count)
        {
            await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(Samples.UniqueId("ledger-fill"), 35, 139, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        }
    }

    private async Task<string> Upload()
    {
        using var content = new ByteArrayContent(WireSamples.EchoModule());
        using HttpResponseMessage response = await fixture.Admin.PostAsync("/v1/modules", content, Cancel);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("digest").GetString()!;
    }

    private static string Query(string path, string a, ulong x, string b, ulong y) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}?{a}={x}&{b}={y}");

    private static string? Kind(JsonElement entry) => Fact(entry, "kind");

    private static string? Fact(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
