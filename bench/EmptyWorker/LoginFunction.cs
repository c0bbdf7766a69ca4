using Microsoft.Azure.Functions.Worker;

namespace EmptyWorker;

/// <summary>Answers the benchmark's request on the app's login path, so the host routes and forwards the same URL.</summary>
public static class LoginFunction
{
    [Function("dev")]
    public static IResult Login([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/dev/login")] HttpRequest req) =>
        Results.Redirect("http://localhost:7071/");
}
