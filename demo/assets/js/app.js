// The demo site's script: adds a product to the cart and updates the badge.
function addToCart(cart, product, quantity) {
  const existing = cart.find((line) => line.id === product.id);
  if (existing) {
    existing.quantity += quantity;
  } else {
    cart.push({ id: product.id, name: product.name, quantity: quantity });
  }
  return cart;
}

function cartCount(cart) {
  return cart.reduce(function (total, line) {
    return total + line.quantity;
  }, 0);
}

document.addEventListener('DOMContentLoaded', function () {
  const cart = [];
  document.querySelectorAll('[data-product]').forEach(function (button) {
    button.addEventListener('click', function () {
      addToCart(cart, { id: button.dataset.product, name: button.textContent }, 1);
      document.querySelector('.cart-count').textContent = String(cartCount(cart));
    });
  });
});
