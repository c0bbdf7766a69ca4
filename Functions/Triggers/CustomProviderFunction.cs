using AuthFunctions.Http;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>
/// Providers added by settings alone (<c>OAuth__Providers__{id}__Issuer</c> or endpoints) answer under
/// <c>auth/custom/{id}/{action}</c>: a prefix of their own, so no path can match both this and a catalog function.
/// </summary>
public sealed class CustomProviderFunction(AuthHttp http, ProviderEndpoints endpoints)
{
    [Function("CustomProvider")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/custom/{provider}/{action}")] HttpRequest req, string provider, string action) =>
        http.RunAsync(req, context => endpoints.HandleAsync(provider, action, context, customRoute: true), spaCors: false);
}
