using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

// GitHub-shaped sign-in with ASP.NET Core's OAuth handler: PKCE, the token request, one userinfo request, a cookie.
// Endpoints and client come from settings (Provider:*), which bench/LoginBench passes on the command line.
var builder = WebApplication.CreateBuilder(args);
var provider = builder.Configuration.GetSection("Provider");
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.DefaultChallengeScheme = "github";
    })
    .AddCookie()
    .AddOAuth("github", o =>
    {
        o.ClientId = provider["ClientId"]!;
        o.ClientSecret = provider["ClientSecret"]!;
        o.AuthorizationEndpoint = provider["AuthorizationEndpoint"]!;
        o.TokenEndpoint = provider["TokenEndpoint"]!;
        o.UserInformationEndpoint = provider["UserInfoEndpoint"]!;
        o.CallbackPath = "/signin-github";
        o.UsePkce = true;
        o.Scope.Add("read:user");
        o.Scope.Add("user:email");
        o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
        o.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
        o.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
        o.ClaimActions.MapJsonKey("urn:github:avatar", "avatar_url");
        o.Events.OnCreatingTicket = async context =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
            response.EnsureSuccessStatusCode();
            using var user = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted));
            context.RunClaimActions(user.RootElement);
        };
    });

var app = builder.Build();
app.UseAuthentication();
app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/me" }, ["github"]));
app.MapGet("/me", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? Results.Ok(user.Identity.Name) : Results.Unauthorized());

// For the benchmark's allocation count; a real app has no such endpoint.
app.MapGet("/bench/stats", () => Results.Json(new Dictionary<string, long> { ["allocatedBytes"] = GC.GetTotalAllocatedBytes(precise: true) }));
app.Run();
