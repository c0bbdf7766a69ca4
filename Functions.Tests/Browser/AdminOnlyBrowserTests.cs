using AuthFunctions.Tests.Infrastructure;
using Microsoft.Playwright;
using Shouldly;

namespace AuthFunctions.Tests.Browser;

/// <summary>
/// Issue 11: the demo SPA on another origin shows the user's roles and calls the <c>[RequireRole("admin")]</c> sample:
/// an admin gets 200, anyone else a 403 the page can read (the refusal carries CORS, or fetch would only throw).
/// </summary>
public sealed class AdminOnlyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admin_only_call_works_for_an_admin_and_is_refused_for_another_user()
    {
        await using var demo = await new CrossOriginDemo().StartAsync(new() { ["OAuth:Roles:admin:0"] = "dev:ada@example.test" });
        var spaOrigin = demo.SpaOrigin;

        var admin = await SignedInPageAsync(spaOrigin, "Ada Lovelace", "ada@example.test");
        (await admin.Locator("#roles").TextContentAsync()).ShouldBe("admin");
        await admin.ClickAsync("#admin");
        await admin.Locator("#admin-result").Filter(new() { HasTextRegex = new("^\\d{3} ") }).WaitForAsync();
        (await admin.Locator("#admin-result").TextContentAsync())!.ShouldStartWith("200 ");
        (await admin.Locator("#admin-result").TextContentAsync())!.ShouldContain("\"subject\": \"dev:ada@example.test\"");

        var other = await SignedInPageAsync(spaOrigin, "Grace Hopper", "grace@example.test");
        (await other.Locator("#roles").TextContentAsync()).ShouldBe("none");
        await other.ClickAsync("#admin");
        await other.Locator("#admin-result").Filter(new() { HasTextRegex = new("^\\d{3} ") }).WaitForAsync();
        (await other.Locator("#admin-result").TextContentAsync())!.ShouldStartWith("403 ");
        (await other.Locator("#admin-result").TextContentAsync())!.ShouldContain("insufficient_role");
    }

    private async Task<IPage> SignedInPageAsync(string spaOrigin, string name, string email)
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(spaOrigin);
        await page.ClickAsync("button[data-provider=dev]");
        await page.FillAsync("#name", name);
        await page.FillAsync("#email", email);
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#signed-in").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        (await page.Locator("#name").TextContentAsync()).ShouldBe(name);
        return page;
    }
}
