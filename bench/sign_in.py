#!/usr/bin/env python3
"""Signs in through the real sign-in form and prints the session cookie ("liaison_session=…") for wrk."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base, email, password = sys.argv[1:4]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(f"{base}/sign-in").read().decode()
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
body = urllib.parse.urlencode({"email": email, "password": password, "csrf": csrf}).encode()
opener.open(urllib.request.Request(f"{base}/sign-in", data=body, method="POST"))
session = next(c for c in jar if c.name == "liaison_session")
print(f"{session.name}={session.value}")
