using AuthFunctions.Http.Protection;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace AuthFunctions.Tests.Policy;

/// <summary>
/// The protection piece as another Function App uses it: <c>AddRoleProtection()</c> with <c>ApiAuth__*</c> settings,
/// validating the sign-in app's tokens through its JWKS over HTTP, keys cached.
/// </summary>
public sealed class JwksTokenValidatorTests(AzuriteFixture azurite) : GitHubPolicyApps(azurite)
{
    [Fact]
    public async Task Another_app_admits_an_admin_refuses_a_missing_role_and_an_expired_token_and_caches_the_keys()
    {
        var signIn = await StartAsync(("OAuth:Roles:admin:0", "github:583231"), ("OAuth:Roles:staff:0", "github"));
        var token = (await Flows.RedeemAsync(signIn, Flows.Fragment(await Flows.SignInAsync(signIn, "github", Flows.ApproveAtStandInAsync), "code")!))
            .GetProperty("access_token").GetString()!;
        var counter = new CountingHandler();
        var clock = new FakeTimeProvider(signIn.Time.GetUtcNow());
        await using var api = OtherApp(new Uri(signIn.Address, "/api/auth/jwks").ToString(), clock, counter);
        var gate = api.GetRequiredService<RoleGate>();

        var admin = Request(token);
        (await gate.CheckAsync(admin, new RequireRoleAttribute("admin"))).ShouldBeNull();
        AppTokenClaims.Of(admin)!.Subject.ShouldBe("github:583231");
        AppTokenClaims.Of(admin)!.Roles.ShouldBe(["admin", "staff"]);
        (await gate.CheckAsync(Request(token), new RequireRoleAttribute("staff", "owner"))).ShouldBeNull();

        await StatusAsync(await gate.CheckAsync(Request(token), new RequireRoleAttribute("owner")), 403);
        await StatusAsync(await gate.CheckAsync(Request(null), new RequireRoleAttribute("admin")), 401);
        counter.Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromHours(2));
        await StatusAsync(await gate.CheckAsync(Request(token), new RequireRoleAttribute("admin")), 401);
        counter.Count.ShouldBe(2, "the keys were fetched again after KeyCacheLifetime");
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_refused()
    {
        var signIn = await StartAsync(("OAuth:Roles:admin:0", "github"));
        var token = (await Flows.RedeemAsync(signIn, Flows.Fragment(await Flows.SignInAsync(signIn, "github", Flows.ApproveAtStandInAsync), "code")!))
            .GetProperty("access_token").GetString()!;
        await using var api = OtherApp(new Uri(signIn.Address, "/api/auth/jwks").ToString(), new FakeTimeProvider(signIn.Time.GetUtcNow()), new CountingHandler(), issuer: "https://elsewhere.example");

        await StatusAsync(await api.GetRequiredService<RoleGate>().CheckAsync(Request(token), new RequireRoleAttribute("admin")), 401);
    }

    [Fact]
    public async Task An_unreachable_JWKS_answers_503_not_401()
    {
        var closed = $"http://127.0.0.1:{AzuriteFixture.FreePort()}/api/auth/jwks";
        await using var api = OtherApp(closed, TimeProvider.System, new CountingHandler());

        var refusal = await api.GetRequiredService<RoleGate>().CheckAsync(Request("eyJhbGciOiJFUzI1NiJ9.e30.sig"), new RequireRoleAttribute("admin"));

        await StatusAsync(refusal, 503);
    }

    [Fact]
    public void Another_app_without_an_issuer_does_not_start()
    {
        using var api = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddRoleProtection().BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => api.GetRequiredService<IOptions<ApiAuthOptions>>().Value)
            .Message.ShouldContain("ApiAuth__Issuer: required");
    }

    private static ServiceProvider OtherApp(string jwksUrl, TimeProvider clock, CountingHandler counter, string issuer = TestApp.PublicBaseUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiAuth:Issuer"] = issuer,
            ["ApiAuth:JwksUrl"] = jwksUrl,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(clock).AddLogging();
        services.AddRoleProtection();
        services.AddHttpClient(JwksKeys.ClientName).AddHttpMessageHandler(() => counter);
        return services.BuildServiceProvider();
    }

    private static DefaultHttpContext Request(string? token)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        return context;
    }

    private static async Task StatusAsync(IResult? refusal, int status)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await refusal.ShouldNotBeNull().ExecuteAsync(context);
        context.Response.StatusCode.ShouldBe(status);
        context.Response.ContentType.ShouldBe("application/problem+json");
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
