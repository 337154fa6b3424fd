from . import controllers
from . import models
from . import wizards
from .post_load import post_load
