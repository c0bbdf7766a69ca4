using AuthFunctions.Hosting;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>The standalone host reads host.json's <c>extensions.http.routePrefix</c> as the Functions host does.</summary>
public sealed class RoutePrefixTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("route-prefix-");

    [Theory]
    [InlineData("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "auth-api" } } }""", "auth-api")]
    [InlineData("""{ "extensions": { "http": { "routePrefix": "" } } }""", "")]
    [InlineData("""
        {
          // comments and trailing commas, as the Functions host allows them
          "logging": { "logLevel": { "default": "Information", }, "routePrefix": "not-this" },
          "extensions": { "queues": { "routePrefix": "nor-this" }, "http": { "maxOutstandingRequests": 10, "routePrefix": "v1", }, },
        }
        """, "v1")]
    [InlineData("""{ "extensions": { "http": { "routePrefix": null } } }""", "api")]
    [InlineData("""{ "extensions": { "http": { } } }""", "api")]
    [InlineData("""{ "extensions": [ { "http": { "routePrefix": "v1" } } ] }""", "api")]
    [InlineData("""{ "version": "2.0" }""", "api")]
    public void The_prefix_is_read_from_extensions_http(string hostJson, string expected)
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "host.json"), hostJson);

        FunctionEndpoints.RoutePrefix(_directory.FullName).ShouldBe(expected);
    }

    [Fact]
    public void Without_host_json_the_prefix_is_api()
    {
        FunctionEndpoints.RoutePrefix(_directory.FullName).ShouldBe("api");
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
