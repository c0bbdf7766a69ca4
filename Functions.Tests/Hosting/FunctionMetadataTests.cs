using System.Text.Json;
using AuthFunctions.Providers;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// What the Functions host will load, read from the generated <c>functions.metadata</c>: exactly one function per
/// catalog provider plus the fixed ones, all anonymous, and no two HTTP functions that can answer the same request.
/// </summary>
public sealed class FunctionMetadataTests
{
    public static readonly string[] FixedFunctions = ["Providers", "Session", "Refresh", "Logout", "Me", "Jwks", "ClientScript", "CustomProvider", "CleanupExpired", "AdminSample", "Users", "UserById"];

    private static readonly FunctionsMetadata Metadata = FunctionsMetadata.Load();

    [Fact]
    public void The_function_set_is_the_catalog_plus_the_fixed_functions()
    {
        var catalog = ProviderCatalog.Embedded().Ids;

        Metadata.Functions.Select(f => f.Name).ShouldBe([.. catalog, .. FixedFunctions], ignoreOrder: true);
    }

    [Fact]
    public void Each_provider_function_routes_its_own_login_callback_and_logout()
    {
        foreach (var p in ProviderCatalog.Embedded().ReadAll())
        {
            var f = Metadata.Functions.Single(f => f.Name == p.Id);
            f.TriggerType.ShouldBe("httpTrigger");
            f.Route.ShouldBe($"auth/{p.Id}/{{action}}");
            f.Methods.ShouldBe(["GET", "POST"], ignoreOrder: true);
        }
    }

    [Fact]
    public void Every_http_function_is_anonymous_under_auth()
    {
        foreach (var f in Metadata.Functions.Where(f => f.IsHttp))
        {
            f.AuthLevel.ShouldBe("Anonymous", f.Name, StringCompareShould.IgnoreCase);
            f.Route.ShouldNotBeNull(f.Name).ShouldStartWith("auth/");
        }
    }

    [Fact]
    public void No_two_http_functions_can_match_the_same_path_and_method()
    {
        var http = Metadata.Functions.Where(f => f.IsHttp).ToList();
        var clashes = (from a in http
                       from b in http
                       where string.CompareOrdinal(a.Name, b.Name) < 0
                             && a.Methods.Intersect(b.Methods).Any()
                             && RouteOverlap.CanMatchSamePath(a.Route!, b.Route!)
                       select $"{a.Name} ({a.Route}) and {b.Name} ({b.Route})").ToList();

        clashes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("auth/{provider}/callback", "auth/github/{action}", true)]
    [InlineData("auth/{provider}/{action}", "auth/session", false)]
    [InlineData("auth/custom/{provider}/{action}", "auth/github/{action}", false)]
    [InlineData("auth/{*rest}", "auth/me", true)]
    [InlineData("auth/me/{x?}", "auth/me", true)]
    [InlineData("auth/GitHub/{action}", "auth/github/login", true)]
    public void The_overlap_check_finds_templates_that_share_a_path(string a, string b, bool overlap)
    {
        RouteOverlap.CanMatchSamePath(a, b).ShouldBe(overlap);
        RouteOverlap.CanMatchSamePath(b, a).ShouldBe(overlap);
    }

    [Fact]
    public void The_cleanup_timer_runs_every_five_minutes()
    {
        var timer = Metadata.Functions.Single(f => f.Name == "CleanupExpired");

        timer.TriggerType.ShouldBe("timerTrigger");
        timer.Schedule.ShouldBe("0 */5 * * * *");
    }

    [Fact]
    public void Host_json_is_the_repository_one_with_the_api_prefix_and_no_custom_handler()
    {
        var text = File.ReadAllText(Path.Combine(FunctionsMetadata.AppDirectory, "host.json"));
        text.ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));

        var host = JsonDocument.Parse(text).RootElement;
        host.GetProperty("version").GetString().ShouldBe("2.0");
        host.TryGetProperty("customHandler", out _).ShouldBeFalse();
        host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString().ShouldBe("api");
    }

    [Fact]
    public void The_worker_config_names_the_isolated_worker()
    {
        var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsMetadata.AppDirectory, "worker.config.json"))).RootElement.GetProperty("description");

        description.GetProperty("language").GetString().ShouldBe("dotnet-isolated");
        description.GetProperty("defaultWorkerPath").GetString().ShouldBe("AuthFunctions.dll");
    }
}
