using AuthFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>Public, read-only: the enabled providers, the JWKS other backends validate app JWTs with, and the browser client.</summary>
public sealed class DiscoveryFunctions(AuthHttp http, DiscoveryEndpoints endpoints)
{
    [Function("Providers")]
    public Task<IResult> Providers([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "auth/providers")] HttpRequest req) =>
        http.RunAsync(req, context => Task.FromResult(endpoints.Providers(context)));

    [Function("Jwks")]
    public Task<IResult> Jwks([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "auth/jwks")] HttpRequest req) =>
        http.RunAsync(req, endpoints.JwksAsync);

    /// <summary>Public code any origin may load (module scripts are fetched with CORS): it sets its own CORS header.</summary>
    [Function("ClientScript")]
    public Task<IResult> ClientScript([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/client.js")] HttpRequest req) =>
        http.RunAsync(req, context => Task.FromResult(ClientScriptEndpoint.Result(context)), spaCors: false);
}
