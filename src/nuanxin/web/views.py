from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.web.links import home_links


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "nuanxin/home.html", {"links": home_links()})
