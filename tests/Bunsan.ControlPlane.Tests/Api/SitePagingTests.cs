using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunsan.Protocol.V1;

namespace Bunsan.ControlPlane.Tests.Api;

/// <summary>
/// GET /v1/sites with and without ?limit=&amp;after=, on a server of its own: the pages must add up to exactly the
/// registered sites, so no other test may register any here.
/// </summary>
public sealed class SitePagingTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private static readonly string[] Ids = ["edge-a", "edge-b", "edge-c", "edge-d", "edge-e"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Out of order on purpose: pages follow ordinal id order, not the order sites joined.
        foreach (string id in Ids.Reverse())
        {
            await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(id, 35.68, 139.69, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task NoPaging_EverySiteInIdOrder_NoNextLink()
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ids, await IdsOf(response));
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Limit_FollowingNextLinks_VisitsEverySiteOnce()
    {
        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? next = "/v1/sites?limit=2";
        while (next is not null)
        {
            using HttpResponseMessage response = await fixture.Admin.GetAsync(next, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string[] page = await IdsOf(response);
            seen.AddRange(page);
            pageSizes.Add(page.Length);
            next = NextLink(response);
        }

        Assert.Equal(Ids, seen);
        Assert.Equal([2, 2, 1], pageSizes);
    }

    [Fact]
    public async Task After_AnIdThatIsNotRegistered_StartsAtTheNextOneInOrder()
    {
        // A deregistration between two pages must not break paging: after need not name a live site.
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?after=edge-bz&limit=2", Cancel);

        Assert.Equal(["edge-c", "edge-d"], await IdsOf(response));
        Assert.Equal("/v1/sites?limit=2&after=edge-d", NextLink(response));
    }

    [Fact]
    public async Task After_TheLastId_EmptyArray()
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?after=edge-e", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await IdsOf(response));
        Assert.Null(NextLink(response));
    }

    [Fact]
    public async Task Limit_ExactlyTheRemainingSites_NoNextLink()
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?after=edge-c&limit=2", Cancel);

        Assert.Equal(["edge-d", "edge-e"], await IdsOf(response));
        Assert.Null(NextLink(response));
    }

    [Theory]
    [InlineData("limit=0", "limit is '0'")]
    [InlineData("limit=-1", "limit is '-1'")]
    [InlineData("limit=1001", "limit is '1001'")]
    [InlineData("limit=abc", "limit is 'abc'")]
    [InlineData("limit=1e2", "limit is '1e2'")]
    [InlineData("limit=%2B5", "limit is '+5'")]
    [InlineData("limit=%205", "limit is ' 5'")]
    [InlineData("limit=99999999999999999999", "limit is '99999999999999999999'")]
    [InlineData("limit=", "limit is ''")]
    [InlineData("limit=1&limit=2", "limit is given 2 times")]
    [InlineData("after=", "after is empty")]
    [InlineData("after=edge%2Fa", "after 'edge/a' is not a site id")]
    [InlineData("after=edge%0Aa", "after 'edge\\u000aa' is not a site id")]
    [InlineData("after=%E6%9D%B1%E4%BA%AC", "after '\\u6771\\u4eac' is not a site id")]
    [InlineData("after=a&after=b", "after is given 2 times")]
    public async Task BadPaging_Is400NamingTheParameter(string query, string expected)
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?" + query, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("invalid", body.GetProperty("error").GetString());
        Assert.Contains(expected, body.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPaging_AHugeAfter_Is400WithAShortReason()
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?after=" + new string('a', 4000), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string reason = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("reason").GetString()!;
        Assert.Contains("after is 4000 characters long", reason, StringComparison.Ordinal);
        Assert.True(reason.Length < 300, reason);
    }

    [Fact]
    public async Task BadPaging_BothWrong_NamesBoth()
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites?limit=0&after=%20", Cancel);

        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(2, body.GetProperty("errors").GetArrayLength());
    }

    private static async Task<string[]> IdsOf(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).EnumerateArray().Select(site => site.GetProperty("id").GetString()!)];

    /// <summary>The target of a Link rel="next" header, or null.</summary>
    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out IEnumerable<string>? links))
        {
            return null;
        }
        string link = Assert.Single(links);
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }
}
