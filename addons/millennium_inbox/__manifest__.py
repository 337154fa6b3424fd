# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Millennium Inbox",
    "summary": "One inbox for cost documents: upload, e-mail scan address, mobile app",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/millennium-inbox/millennium_inbox",
    "author": "Millennium Inbox developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "account", "auth_passkey", "queue_job"],
    "external_dependencies": {
        "python": ["pypdf", "qrcode", "pyotp", "Pillow"],
    },
    "data": [
        "security/millennium_inbox_security.xml",
        "security/ir.model.access.csv",
        "security/millennium_inbox_device_security.xml",
        "data/queue_job_data.xml",
        "data/millennium_inbox_mobile_cron.xml",
        "data/mail_template_mobile_upload.xml",
        "views/millennium_inbox_wizard_views.xml",
        "views/millennium_inbox_document_views.xml",
        "data/mail_template_data.xml",
        "views/res_config_settings_views.xml",
        "views/millennium_inbox_scan_address_views.xml",
        "views/account_move_views.xml",
        "views/millennium_inbox_menus.xml",
        "views/millennium_inbox_device_views.xml",
        "views/millennium_inbox_pairing_wizard_views.xml",
        "views/res_users_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "millennium_inbox/static/tests/tours/*.js",
        ],
    },
}
