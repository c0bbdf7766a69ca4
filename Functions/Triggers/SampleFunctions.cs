using AuthFunctions.Http;
using AuthFunctions.Http.Protection;
using Microsoft.Azure.Functions.Worker;

namespace AuthFunctions.Triggers;

/// <summary>A sample of a team's own API function protected by a role: 401 without a valid app JWT, 403 without the role.</summary>
public sealed class SampleFunctions(AuthHttp http)
{
    [Function("AdminSample")]
    [RequireRole("admin")]
    public Task<IResult> AdminSample([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "auth/sample/admin")] HttpRequest req) =>
        http.RunAsync(req, context => Task.FromResult(AdminSampleEndpoint.Result(context)));
}
