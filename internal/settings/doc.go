// Package settings saves what an administrator sets for the whole site:
// the site settings (content.Settings), the comment policy and the mail
// server. Each save is one call of a [Service], which checks the member's
// role and the values, writes them, and announces the change on the change
// feed; the parts of the running program that depend on a setting (the
// upload limit, the weather location, the mail server) subscribe with
// [Service.OnSite] and [Service.OnMail] instead of being called by the
// page that saved it.
//
// Refusals are [ErrForbidden] or content.FieldErrors, worded for the
// administrator and named by the fields of the newsroom's forms.
package settings
