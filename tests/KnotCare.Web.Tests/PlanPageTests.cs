using System.Net;

namespace KnotCare.Web.Tests;

public sealed class PlanPageTests(KnotCareFactory factory) : IClassFixture<KnotCareFactory>
{
    [Fact]
    public async Task The_form_works_without_javascript_as_a_get_with_labelled_choices()
    {
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/plan");
        var form = page.GetElementById("plan-form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/plan", form.GetAttribute("action"));
        Assert.Equal(3, form.QuerySelectorAll("input[name=area]").Length);
        Assert.Equal(6, form.QuerySelectorAll("input[name=equipment]").Length);
        Assert.Equal(5, form.QuerySelectorAll("input[name=minutes]").Length);
        Assert.Equal(4, form.QuerySelectorAll("input[name=cause]").Length);
        Assert.All(form.QuerySelectorAll("input"), i => Assert.NotNull(page.QuerySelector($"label[for='{i.Id}']")));
        Assert.Equal(4, form.QuerySelectorAll("fieldset > legend").Length);
        Assert.NotNull(form.QuerySelector("svg.back-picture[role=img] title"));
        Assert.Null(page.GetElementById("plan"));
        Assert.Null(page.GetElementById("error-summary"));
    }

    [Fact]
    public async Task Parameters_the_plan_does_not_use_are_ignored_and_never_mix_up_cached_pages()
    {
        var client = factory.CreateClient();
        var bad = await client.GetDocumentAsync("/plan?area=knees&minutes=10&cause=stress");
        Assert.NotNull(bad.GetElementById("error-summary"));
        var tagged = await client.GetDocumentAsync("/plan?utm_source=newsletter");
        Assert.Null(tagged.GetElementById("error-summary"));
        var plain = await client.GetDocumentAsync("/plan");
        Assert.Null(plain.GetElementById("error-summary"));
        Assert.Null(plain.GetElementById("plan"));
        var good = await client.GetDocumentAsync("/plan?area=lower-back&minutes=5&cause=stress");
        Assert.NotNull(good.GetElementById("plan"));
    }

    [Fact]
    public async Task A_plan_has_a_routine_per_area_the_dose_a_red_flag_box_and_a_14_day_tracker()
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/plan?area=lower-back&area=upper-back-neck&equipment=ball&equipment=heat-pack&minutes=10&cause=desk-work", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();

        // The routine's sections have ids of their own: "area-..." belongs to the form's checkboxes.
        Assert.Equal(["routine-upper-back-neck", "routine-lower-back"], page.QuerySelectorAll("#routine .plan-area").Select(s => s.Id));
        Assert.All(page.QuerySelectorAll("#routine .plan-area"), area => Assert.NotEmpty(area.QuerySelectorAll(".plan-item a, .plan-also a")));
        var dose = page.GetElementById("dose").Text();
        Assert.Contains("30 to 90 seconds", dose, StringComparison.Ordinal);
        Assert.Contains("1 to 2 minutes per point, 2 to 3 times a day", dose, StringComparison.Ordinal);
        Assert.Contains("5 to 10 minutes a day", dose, StringComparison.Ordinal);
        var redFlags = page.GetElementById("red-flags").Text();
        Assert.Contains("no better after 2 weeks", redFlags, StringComparison.Ordinal);
        Assert.Contains("999", redFlags, StringComparison.Ordinal);
        // On screen a table per week (7 days fit a phone), each day a column header; on paper one table of 14 days.
        Assert.Equal(["Week 1: days 1 to 7", "Week 2: days 8 to 14"], page.QuerySelectorAll("#tracker .tracker-weeks caption").Select(c => c.Text().Trim()));
        Assert.Equal([.. Enumerable.Range(1, 14).Select(d => "Day " + d)], page.QuerySelectorAll("#tracker .tracker-weeks thead th:not(:first-child)").Select(th => th.Text().Trim()));
        Assert.All(page.QuerySelectorAll("#tracker .tracker-weeks tbody tr"), row => Assert.Equal(7, row.QuerySelectorAll("td").Length));
        Assert.All(page.QuerySelectorAll("#tracker .tracker-print tbody tr"), row => Assert.Equal(14, row.QuerySelectorAll("td").Length));
        Assert.Contains(page.QuerySelectorAll("#tracker tbody th"), th => th.Text().StartsWith("Self-massage", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("#warmth a[href='/techniques/heat']"));
        Assert.NotNull(page.QuerySelector("#habits a[href='/techniques/desk-setup']"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/print.']"));
        Assert.NotNull(page.QuerySelector("#print-plan[hidden]"));
        Assert.Contains("Ctrl+P", page.GetElementById("print-hint").Text(), StringComparison.Ordinal);

        // The form comes back filled in, so the plan can be changed.
        Assert.NotNull(page.QuerySelector("#area-lower-back[checked]"));
        Assert.NotNull(page.QuerySelector("#equipment-heat-pack[checked]"));
        Assert.NotNull(page.QuerySelector("#minutes-10[checked]"));
        Assert.Null(page.QuerySelector("#equipment-foam-roller[checked]"));
    }

    [Theory]
    [InlineData("/plan?minutes=10&cause=stress", "area")]
    [InlineData("/plan?area=knees&minutes=10&cause=stress", "area")]
    [InlineData("/plan?area=lower-back&equipment=sofa&minutes=10&cause=stress", "equipment")]
    [InlineData("/plan?area=lower-back&minutes=999999999999&cause=stress", "minutes")]
    [InlineData("/plan?area=lower-back&minutes=10", "cause")]
    [InlineData("/plan?area=lower-back&minutes=10&cause=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "cause")]
    [InlineData("/plan?area=&utm_source=x", "area")]
    public async Task Invalid_input_gets_the_form_back_with_a_clear_error(string url, string field)
    {
        var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Null(page.GetElementById("plan"));
        Assert.NotNull(page.GetElementById("error-summary"));
        Assert.NotNull(page.QuerySelector($"#field-{field}.has-error .field-error"));
        var target = page.QuerySelector("#error-summary a")!.GetAttribute("href")!.TrimStart('#');
        Assert.NotNull(page.GetElementById(target));
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
