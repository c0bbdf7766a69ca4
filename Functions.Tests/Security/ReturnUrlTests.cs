using AuthFunctions.Core;
using AuthFunctions.SignIn;
using System.Net;
using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace AuthFunctions.Tests.Security;

/// <summary>return_url is matched exactly against the allow-list after parsing; a refused one stores nothing and redirects nowhere.</summary>
public sealed class ReturnUrlTests
{
    private static ReturnUrlPolicy Policy(params string[] allowed) =>
        new(Options.Create(new OAuthOptions { AllowedReturnUrls = [.. allowed] }));

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("https://app.example@evil.example/")]
    [InlineData("https://app.example:x@evil.example/")]
    [InlineData("https://app.example.evil.example/")]
    [InlineData("https://evil.example/?https://app.example/")]
    [InlineData("https://app.example/%0d%0aSet-Cookie:x=y")]
    [InlineData("https://app.example/\r\nSet-Cookie:x=y")]
    [InlineData("https://аpp.example/")]
    [InlineData("https://xn--pp-8kc.example/")]
    [InlineData("http://app.example/")]
    [InlineData("https://app.example:8443/")]
    [InlineData("https://app.example/other/")]
    [InlineData("https://app.example/spa-evil")]
    [InlineData("https://app.example/spa/..%2f..%2fother")]
    [InlineData("https://app.example/spa#frag")]
    [InlineData("/spa/")]
    [InlineData("")]
    [InlineData("https://app.example/spa/ x")]
    public void Attack_return_urls_are_refused(string candidate)
    {
        Policy("https://app.example/spa").Check(candidate).ShouldBeNull();
    }

    [Theory]
    [InlineData("https://app.example/spa", "https://app.example/spa")]
    [InlineData("https://app.example/spa/", "https://app.example/spa/")]
    [InlineData("https://app.example/spa/deep/page?tab=2", "https://app.example/spa/deep/page?tab=2")]
    [InlineData("https://APP.example/spa", "https://app.example/spa")]
    [InlineData("https://app.example:443/spa", "https://app.example/spa")]
    public void Allowed_return_urls_pass_normalized(string candidate, string expected)
    {
        Policy("https://app.example/spa").Check(candidate).ShouldBe(expected);
    }

    [Fact]
    public void Allowed_origins_for_CORS_come_from_the_return_urls()
    {
        Policy("https://app.example/spa", "http://localhost:5173/", "https://app.example/other").AllowedOrigins
            .ShouldBe(["https://app.example", "http://localhost:5173"]);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://localhost:5173@evil.example/")]
    [InlineData("http://localhost:5173/%0d%0aLocation:%20https://evil.example")]
    [InlineData("http://lоcalhost:5173/")]
    public async Task Login_with_a_bad_return_url_answers_400_stores_nothing_and_redirects_nowhere(string returnUrl)
    {
        var store = new CountingTicketStore();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(), configure: b => b.Services.AddSingleton<ITicketStore>(store));

        using var response = await Flows.LoginAsync(app, "dev", returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("invalid_return_url");
        store.Saves.ShouldBe(0);
    }

    [Fact]
    public async Task Login_for_an_unknown_provider_answers_404()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());

        using var response = await Flows.LoginAsync(app, "nosuchprovider");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("unknown_provider");
    }

    [Fact]
    public async Task Login_with_a_repeated_parameter_is_refused()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>());

        using var response = await Flows.LoginAsync(app, "dev", extraQuery: "&return_url=https%3A%2F%2Fevil.example%2F");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    /// <summary>Counts writes, so a test can prove a refused request stored nothing.</summary>
    private sealed class CountingTicketStore : ITicketStore
    {
        private int _saves;

        public int Saves => _saves;

        public Task SaveAsync(TicketKind kind, string key, string payload, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _saves);
            return Task.CompletedTask;
        }

        public Task<TakeResult> TakeAsync(TicketKind kind, string key, CancellationToken cancellationToken) => Task.FromResult(TakeResult.Missing);
    }
}
