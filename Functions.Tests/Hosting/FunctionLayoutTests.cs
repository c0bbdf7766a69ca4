using System.Text.Json;
using AuthFunctions.Providers;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// The function app root (the build output) must hold host.json and exactly one HTTP function per catalog
/// provider, plus the fixed functions; otherwise a provider silently never reaches the app under the Functions host.
/// </summary>
public sealed class FunctionLayoutTests
{
    private static readonly string[] FixedHttpFunctions = ["Providers", "Session", "Refresh", "Logout", "Me", "Jwks", "ClientScript", "CustomProvider"];

    /// <summary>The build output of the Functions project, which is the function app root.</summary>
    private static string AppRoot => Path.GetDirectoryName(typeof(AuthFunctions.Hosting.AuthApp).Assembly.Location)!;

    private static JsonElement Function(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppRoot, name, "function.json"))).RootElement;

    [Fact]
    public void Every_catalog_provider_has_its_own_function_and_no_function_lacks_a_provider()
    {
        var catalog = ProviderCatalog.LoadEmbedded().Providers.Select(p => p.Id).Order().ToList();
        var functions = Directory.GetDirectories(AppRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => Path.GetFileName(d)!)
            .Where(n => !FixedHttpFunctions.Contains(n) && n != "CleanupExpired")
            .Order()
            .ToList();

        functions.ShouldBe(catalog);
    }

    [Fact]
    public void Each_provider_function_routes_its_own_login_and_callback()
    {
        foreach (var p in ProviderCatalog.LoadEmbedded().Providers)
        {
            var trigger = Function(p.Id).GetProperty("bindings")[0];
            trigger.GetProperty("type").GetString().ShouldBe("httpTrigger");
            trigger.GetProperty("authLevel").GetString().ShouldBe("anonymous");
            trigger.GetProperty("route").GetString().ShouldBe($"auth/{p.Id}/{{action}}");
            trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ShouldBe(["get", "post"], ignoreOrder: true);
        }
    }

    [Fact]
    public void The_fixed_functions_route_the_session_endpoints_and_the_cleanup_timer()
    {
        foreach (var name in FixedHttpFunctions)
        {
            Function(name).GetProperty("bindings")[0].GetProperty("route").GetString()!.ShouldStartWith("auth/");
        }

        var timer = Function("CleanupExpired").GetProperty("bindings")[0];
        timer.GetProperty("type").GetString().ShouldBe("timerTrigger");
        timer.GetProperty("schedule").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Host_json_makes_the_app_a_forwarding_custom_handler_beside_the_executable()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppRoot, "host.json"))).RootElement;

        host.GetProperty("version").GetString().ShouldBe("2.0");
        var handler = host.GetProperty("customHandler");
        handler.GetProperty("enableForwardingHttpRequest").GetBoolean().ShouldBeTrue();
        var exe = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        File.Exists(Path.Combine(AppRoot, exe)).ShouldBeTrue($"{exe} must be beside host.json");
        host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString().ShouldBe("api");
    }

    [Fact]
    public void Host_json_at_the_repository_root_is_the_one_the_build_copies()
    {
        File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")).ShouldBe(File.ReadAllText(Path.Combine(AppRoot, "host.json")));
    }
}
