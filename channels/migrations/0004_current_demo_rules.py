"""Channels still reading addresses with the first demo rules get the current ones.

Only a channel whose hosts and patterns are exactly the first demo values is changed: rules an
editor has written are left alone.
"""

from django.db import migrations

RULES = {'facebook': {'old': ('facebook.com\nfb.com\nfb.me\n*.facebook.com',
                      '^/(?!profile\\.php/?$)(?P<handle>[A-Za-z0-9.]{5,})/?$\n'
                      '^/pages/[^/]+/(?P<handle>\\d+)/?$\n'
                      '^/profile\\.php/?\\?(?:.*&)?id=(?P<handle>\\d+)'),
              'new': {'hosts': 'facebook.com\nfb.com\nfb.me\n*.facebook.com',
                      'handle_patterns': '^/(?P<id>\\d{5,})\n'
                                         '^/(?!(?:profile\\.php|pages|people|groups|share|sharer|sharer\\.php|watch|events|photo|photo\\.php|video\\.php|permalink\\.php|story\\.php|reel|reels|stories|hashtag|login|help|marketplace|gaming|home\\.php|search)(?:[/?]|$))(?P<handle>[^/?]+)\n'
                                         '^/(?:pages|people)/[^/]+/(?P<id>\\d+)\n'
                                         '^/profile\\.php/?\\?(?:.*&)?id=(?P<id>\\d+)\n'
                                         '^/(?:permalink|story)\\.php\\?(?:.*&)?id=(?P<id>\\d+)',
                      'share_hosts': 'fb.watch\nl.facebook.com\nlm.facebook.com',
                      'share_patterns': '^/?$\n'
                                        '^/(?:share|sharer|sharer\\.php|watch|reel|reels|photo|photo\\.php|video\\.php|permalink\\.php|story\\.php|events|hashtag|stories)(?:/|$)',
                      'handle_characters': 'A-Za-z0-9.',
                      'handle_min_length': 5,
                      'handle_max_length': 50}},
 'instagram': {'old': ('instagram.com', '^/(?P<handle>[A-Za-z0-9._]{1,30})/?$'),
               'new': {'hosts': 'instagram.com\ninstagr.am',
                       'handle_patterns': '^/stories/(?!highlights(?:/|$))(?P<handle>[^/?]+)\n'
                                          '^/(?!(?:p|reel|reels|tv|s|stories|explore|accounts|direct|about|legal|developer|web|challenge|emails|session|privacy|share)(?:[/?]|$))(?P<handle>[^/?]+)',
                       'share_hosts': 'l.instagram.com',
                       'share_patterns': '^/?$\n'
                                         '^/(?:p|reel|reels|tv|s|share|stories/highlights|explore)(?:/|$)',
                       'handle_characters': 'A-Za-z0-9._',
                       'handle_min_length': 1,
                       'handle_max_length': 30}},
 'linkedin': {'old': ('linkedin.com\n*.linkedin.com',
                      '^/(?:company|school|showcase)/(?P<handle>[A-Za-z0-9\\-_.%]+)/?'),
              'new': {'hosts': 'linkedin.com\n*.linkedin.com',
                      'handle_patterns': '^/(?:company|school|showcase)/(?P<handle>[^/?]+)',
                      'share_hosts': 'lnkd.in',
                      'share_patterns': '^/?$\n'
                                        '^/(?:posts|feed|pulse|events|jobs|learning|embed)(?:/|$)',
                      'handle_characters': '\\w\\-.',
                      'handle_min_length': 2,
                      'handle_max_length': 100}},
 'x': {'old': ('x.com\ntwitter.com', '^/(?P<handle>[A-Za-z0-9_]{1,15})/?$'),
       'new': {'hosts': 'x.com\ntwitter.com',
               'handle_patterns': '^/(?!(?:i|home|search|explore|hashtag|intent|share|settings|messages|notifications|compose|tos|privacy|login|signup|logout|jobs)(?:[/?]|$))(?P<handle>[^/?]+)',
               'share_hosts': 't.co',
               'share_patterns': '^/?$\n^/(?:i|intent|share|hashtag|search|explore|home)(?:/|$)',
               'handle_characters': 'A-Za-z0-9_',
               'handle_min_length': 1,
               'handle_max_length': 15}},
 'youtube': {'old': ('youtube.com',
                     '^/@(?P<handle>[A-Za-z0-9._\\-]{3,30})/?\n'
                     '^/(?:c|user)/(?P<handle>[A-Za-z0-9._\\-]+)/?\n'
                     '^/channel/(?P<handle>UC[A-Za-z0-9_\\-]{22})/?'),
             'new': {'hosts': 'youtube.com\n*.youtube.com',
                     'handle_patterns': '^/@(?P<handle>[^/?]+)\n'
                                        '^/(?:c|user)/(?P<handle>[^/?]+)\n'
                                        '^/channel/(?P<id>[^/?]+)',
                     'share_hosts': 'youtu.be\nyoutube-nocookie.com',
                     'share_patterns': '^/?$\n'
                                       '^/(?:watch|shorts|playlist|live|embed|results|hashtag|post|v|e|clip|attribution_link|redirect|feed)(?:/|$)',
                     'handle_characters': '\\w.\\-·',
                     'handle_min_length': 3,
                     'handle_max_length': 100}},
 'tiktok': {'old': ('tiktok.com', '^/@(?P<handle>[A-Za-z0-9._]{2,24})/?'),
            'new': {'hosts': 'tiktok.com',
                    'handle_patterns': '^/@(?P<handle>[^/?]+)',
                    'share_hosts': 'vm.tiktok.com\nvt.tiktok.com',
                    'share_patterns': '^/?$\n'
                                      '^/(?:t|v|video|embed|tag|music|discover|search|foryou|explore|share)(?:/|$)',
                    'handle_characters': 'A-Za-z0-9._',
                    'handle_min_length': 2,
                    'handle_max_length': 24}},
 'snapchat': {'old': ('snapchat.com',
                      '^/add/(?P<handle>[A-Za-z0-9._\\-]{3,15})/?$\n'
                      '^/@(?P<handle>[A-Za-z0-9._\\-]{3,15})/?$'),
              'new': {'hosts': 'snapchat.com\n*.snapchat.com',
                      'handle_patterns': '^/add/(?P<handle>[^/?]+)\n'
                                         '^/@(?P<handle>[^/?]+)\n'
                                         '^/s/(?P<handle>[^/?]+)',
                      'share_hosts': 't.snapchat.com',
                      'share_patterns': '^/?$\n^/(?:t|spotlight|lens|discover|unlock)(?:/|$)',
                      'handle_characters': 'A-Za-z0-9._\\-',
                      'handle_min_length': 3,
                      'handle_max_length': 15}}}


def update_demo_rules(apps, schema_editor):
    Channel = apps.get_model("channels", "Channel")
    for slug, rules in RULES.items():
        hosts, patterns = rules["old"]
        channel = Channel.objects.filter(slug=slug).first()
        if channel is None or (channel.hosts.strip(), channel.handle_patterns.strip()) != (
            hosts,
            patterns,
        ):
            continue
        # update(), not save(): no signals, so nothing reaches for tables not yet migrated.
        Channel.objects.filter(pk=channel.pk).update(**rules["new"])


class Migration(migrations.Migration):
    dependencies = [("channels", "0003_handle_rules")]

    operations = [migrations.RunPython(update_demo_rules, migrations.RunPython.noop)]
