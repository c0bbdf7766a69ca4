using System.Net;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Worker;

/// <summary>
/// Sign in with Apple through the real built worker under the protocol test host, on Azurite, in Production: the
/// form_post answer arrives as a POST that the host forwards to the worker, and the name Apple posts once reaches /me.
/// </summary>
public sealed class AppleWorkerFlowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_form_post_sign_in_with_Apple_puts_the_posted_name_in_me_through_the_worker()
    {
        await using var apple = await AppleStandIn.StartNewAsync();
        var settings = apple.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var app = await WorkerApp.StartAsync(settings, "Production");

        using var login = await Flows.LoginAsync(app, "apple");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        var (action, fields) = await AppleStandIn.ApproveAsync(login.Headers.Location!);
        fields.Keys.ShouldBe(["state", "code", "user"], ignoreOrder: true);
        using var form = new FormUrlEncodedContent(fields);
        using var done = await app.Browser.PostAsync(app.Local(action.ToString()), form);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        var session = await Flows.RedeemAsync(app, Flows.Fragment(done.Headers.Location!.ToString(), "code")!);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new("Bearer", session.GetProperty("access_token").GetString());
        using var me = await app.Browser.SendAsync(request);
        var body = await me.Content.ReadAsStringAsync();
        me.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var user = JsonDocument.Parse(body).RootElement;
        user.GetProperty("id").GetString().ShouldBe("apple:" + AppleStandIn.Subject);
        user.GetProperty("name").GetString().ShouldBe("Ada Lovelace");
        user.GetProperty("email").GetString().ShouldBe(AppleStandIn.Email);
        apple.Unexpected.ShouldBeEmpty();
        apple.AcceptedSecrets.Count.ShouldBe(1);
        app.Output.ShouldNotContain(fields["code"]);
        app.Output.ShouldNotContain(apple.AcceptedSecrets.Single().Split('.')[2]);
        app.Output.ShouldNotContain("BEGIN PRIVATE KEY");
    }
}
